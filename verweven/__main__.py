"""`python -m verweven` is the `verweven` command."""

from verweven.cli.main import main

if __name__ == "__main__":
    main()
