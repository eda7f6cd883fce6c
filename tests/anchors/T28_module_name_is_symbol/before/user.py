from pkg.main import main

main()
