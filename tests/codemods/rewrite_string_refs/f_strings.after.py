target = f"pkg.newmod.{name}"
other = f"{prefix}.mod"
