from fairlint.cli import main

main()
