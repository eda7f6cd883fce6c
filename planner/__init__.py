"""Pure planning: reads code and schema, returns data. No side effects."""
