from pkg.newmain import main

main()
