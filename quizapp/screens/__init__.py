"""The app's screens: home, interview quiz, backprop drill, review, stats, settings."""
