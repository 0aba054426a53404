"""Who holds a card: certificates, the card authority, trust, and login."""
