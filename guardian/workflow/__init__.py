"""The V7 workflow: seven phases with leads, review gates between them, escalation of blockers."""
