from pkg.newmod import func

print(func())
