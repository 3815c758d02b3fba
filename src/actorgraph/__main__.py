"""`python -m actorgraph`."""

from .cli import main

main()
