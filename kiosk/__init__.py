"""The kiosk: station software for French social-service centres."""
