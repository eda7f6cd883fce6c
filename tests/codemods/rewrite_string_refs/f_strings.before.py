target = f"pkg.mod.{name}"
other = f"{prefix}.mod"
