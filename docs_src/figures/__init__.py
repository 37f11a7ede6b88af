"""The book's own figures and the experiments behind them, one module per chapter.

These are not part of the `backprop` package: they draw the pictures the pages show, built on
the package's reusable plotting tools (`backprop.plot`). The pages import them from hidden
build-time blocks (``from figures.derivatives import ...``); `docs_src/book/execute.py` puts
``docs_src/`` on the path for the build, and pytest's ``pythonpath`` does so for the tests.
"""
