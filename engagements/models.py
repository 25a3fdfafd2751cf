# Models arrive with the issues that need them; the app is installed from the start.
