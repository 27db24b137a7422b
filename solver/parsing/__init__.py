"""Reading formulas: tokens, the tree, the whitelisting parser, evaluation, SymPy conversion."""
