"""What problems are written as: problem codes and network files."""
