<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>AgentHomeScreen</name>
    <message>
        <source>Trouver une personne</source>
        <translation>Find a person</translation>
    </message>
    <message>
        <source>Demandes à instruire</source>
        <translation>Requests to process</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Cartes</source>
        <translation>Cards</translation>
    </message>
    <message>
        <source>Perdue, bloquée, à remplacer</source>
        <translation>Lost, blocked, to replace</translation>
    </message>
</context>
<context>
    <name>BeneficiaryHomeScreen</name>
    <message>
        <source>Ajouter un document</source>
        <translation>Add a document</translation>
    </message>
    <message>
        <source>Mes documents</source>
        <translation>My documents</translation>
    </message>
    <message>
        <source>Mes demandes d’aide</source>
        <translation>My aid requests</translation>
    </message>
    <message>
        <source>Qui a vu mes données</source>
        <translation>Who has seen my data</translation>
    </message>
    <message>
        <source>Photographier un papier</source>
        <translation>Take a photo of a paper</translation>
    </message>
    <message>
        <source>Voir, remplacer, enregistrer</source>
        <translation>See, replace, save</translation>
    </message>
</context>
<context>
    <name>CaptureScreen</name>
    <message>
        <source>Photo de la page %1</source>
        <translation>Photo of page %1</translation>
    </message>
    <message>
        <source>Photo du document</source>
        <translation>Photo of the document</translation>
    </message>
    <message>
        <source>Lecture de la page… Patientez quelques secondes.</source>
        <translation>Reading the page… Please wait a few seconds.</translation>
    </message>
    <message>
        <source>Page trouvée. Ne bougez plus : la photo se prend toute seule.</source>
        <translation>Page found. Keep still: the photo takes itself.</translation>
    </message>
    <message>
        <source>Posez la feuille à plat sur le fond sombre, sous la caméra.</source>
        <translation>Lay the sheet flat on the dark background, under the camera.</translation>
    </message>
    <message>
        <source>Prendre la photo</source>
        <translation>Take the photo</translation>
    </message>
    <message>
        <source>Prend la photo tout de suite, sans attendre.</source>
        <translation>Takes the photo right now, without waiting.</translation>
    </message>
    <message>
        <source>Image de la caméra</source>
        <translation>Camera picture</translation>
    </message>
</context>
<context>
    <name>CardCounterScreen</name>
    <message>
        <source>Carte d’usager</source>
        <translation>Beneficiary card</translation>
    </message>
    <message>
        <source>Carte d’agent</source>
        <translation>Agent card</translation>
    </message>
    <message>
        <source>Carte de responsable</source>
        <translation>Head of service card</translation>
    </message>
    <message>
        <source>Carte de technicien</source>
        <translation>Technician card</translation>
    </message>
    <message>
        <source>Elle a été remplacée par la carte %1.</source>
        <translation>It was replaced by card %1.</translation>
    </message>
    <message>
        <source>Elle est annulée&#xa0;: elle ne marche plus.</source>
        <translation>It is cancelled: it no longer works.</translation>
    </message>
    <message>
        <source>Elle est valable.</source>
        <translation>It is valid.</translation>
    </message>
    <message>
        <source>Cartes</source>
        <translation>Cards</translation>
    </message>
    <message>
        <source>Demandez le numéro de la carte (il est sur sa fiche) et une pièce d’identité.</source>
        <translation>Ask for the card number (it is on the card’s sheet) and an identity document.</translation>
    </message>
    <message>
        <source>La carte %1 ne marchera plus, sur aucune borne. C’est définitif.</source>
        <translation>Card %1 will no longer work, on any kiosk. This is final.</translation>
    </message>
    <message>
        <source>Vérifiez la pièce d’identité. Posez la carte bloquée dans le second lecteur.</source>
        <translation>Check the identity document. Put the blocked card in the second reader.</translation>
    </message>
    <message>
        <source>Posez une carte vierge dans le second lecteur. L’ancienne carte sera annulée.</source>
        <translation>Put a blank card in the second reader. The old card will be cancelled.</translation>
    </message>
    <message>
        <source>La carte est débloquée. Le nouveau code secret marche dès maintenant.</source>
        <translation>The card is unblocked. The new secret code works right away.</translation>
    </message>
    <message>
        <source>Numéro de la carte</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>Nom de famille</source>
        <translation>Family name</translation>
    </message>
    <message>
        <source>Code PUK du service (8 chiffres)</source>
        <translation>The service&apos;s PUK code (8 digits)</translation>
    </message>
    <message>
        <source>Fichier de la clé de séquestre (support du technicien)</source>
        <translation>Escrow key file (on the technician&apos;s medium)</translation>
    </message>
    <message>
        <source>Chercher</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Cherche la carte.</source>
        <translation>Looks for the card.</translation>
    </message>
    <message>
        <source>Carte perdue ou volée</source>
        <translation>Lost or stolen card</translation>
    </message>
    <message>
        <source>Annule la carte pour toujours.</source>
        <translation>Cancels the card for good.</translation>
    </message>
    <message>
        <source>Donner une nouvelle carte</source>
        <translation>Give a new card</translation>
    </message>
    <message>
        <source>Les papiers de la personne passent sur la nouvelle carte.</source>
        <translation>The person&apos;s papers move to the new card.</translation>
    </message>
    <message>
        <source>Débloquer la carte</source>
        <translation>Unblock the card</translation>
    </message>
    <message>
        <source>La personne choisit un nouveau code secret.</source>
        <translation>The person chooses a new secret code.</translation>
    </message>
    <message>
        <source>Oui, annuler la carte</source>
        <translation>Yes, cancel the card</translation>
    </message>
    <message>
        <source>La carte ne marchera plus.</source>
        <translation>The card will no longer work.</translation>
    </message>
    <message>
        <source>Continuer</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>La personne choisit son code.</source>
        <translation>The person chooses their code.</translation>
    </message>
    <message>
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Revient à la recherche.</source>
        <translation>Goes back to the search.</translation>
    </message>
</context>
<context>
    <name>CardIssueScreen</name>
    <message>
        <source>Émettre une carte</source>
        <translation>Issue a card</translation>
    </message>
    <message>
        <source>Posez une carte vierge dans le second lecteur. Puis remplissez la fiche.</source>
        <translation>Put a blank card in the second reader. Then fill in the form.</translation>
    </message>
    <message>
        <source>Usager</source>
        <translation>Beneficiary</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Responsable</source>
        <translation>Head of service</translation>
    </message>
    <message>
        <source>Technicien</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Pour qui est la carte.</source>
        <translation>Who the card is for.</translation>
    </message>
    <message>
        <source>Nom de famille</source>
        <translation>Family name</translation>
    </message>
    <message>
        <source>Prénoms</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>Structure de l’agent</source>
        <translation>The agent&apos;s organisation</translation>
    </message>
    <message>
        <source>Code PUK du service (8 chiffres)</source>
        <translation>The service&apos;s PUK code (8 digits)</translation>
    </message>
    <message>
        <source>Continuer</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>La personne choisit ensuite son code secret.</source>
        <translation>The person then chooses their secret code.</translation>
    </message>
</context>
<context>
    <name>CardToolScreen</name>
    <message>
        <source>Retour</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Tournez l’écran vers la personne. Elle choisit son code secret, sans le dire à personne.</source>
        <translation>Turn the screen towards the person. They choose their secret code, without telling anyone.</translation>
    </message>
    <message>
        <source>La carte est en cours d’écriture. Ne la retirez pas.</source>
        <translation>The card is being written. Do not take it out.</translation>
    </message>
    <message>
        <source>La carte est prête. Son numéro&#xa0;:</source>
        <translation>The card is ready. Its number:</translation>
    </message>
    <message>
        <source>La fiche est enregistrée ici&#xa0;: %1</source>
        <translation>The sheet is saved here: %1</translation>
    </message>
    <message>
        <source>Imprimer la fiche</source>
        <translation>Print the sheet</translation>
    </message>
    <message>
        <source>Enregistre la fiche explicative de la carte pour l’imprimer.</source>
        <translation>Saves the card&apos;s explanatory sheet, to print it.</translation>
    </message>
    <message>
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <source>%1 (code %2)</source>
        <translation>%1 (PIN %2)</translation>
    </message>
    <message>
        <source>Un instant…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <source>Aucune carte dans le lecteur.</source>
        <translation>No card in the reader.</translation>
    </message>
    <message>
        <source>Dans le lecteur&#xa0;: %1</source>
        <translation>In the reader: %1</translation>
    </message>
    <message>
        <source>Démonstration&#xa0;: lecteur de cartes</source>
        <translation>Demo: card reader</translation>
    </message>
    <message>
        <source>Lecteur de démonstration</source>
        <translation>Demo reader</translation>
    </message>
    <message>
        <source>Choisit la carte à insérer.</source>
        <translation>Chooses the card to insert.</translation>
    </message>
    <message>
        <source>Insérer la carte</source>
        <translation>Insert the card</translation>
    </message>
    <message>
        <source>Pose la carte choisie dans le lecteur de la borne.</source>
        <translation>Puts the chosen card in the kiosk’s reader.</translation>
    </message>
    <message>
        <source>Retirer la carte</source>
        <translation>Remove the card</translation>
    </message>
    <message>
        <source>Retire la carte du lecteur de la borne.</source>
        <translation>Takes the card out of the kiosk’s reader.</translation>
    </message>
</context>
<context>
    <name>DocumentFlow</name>
    <message>
        <source>Votre document est rangé.</source>
        <translation>Your document is filed.</translation>
    </message>
</context>
<context>
    <name>DocumentScreen</name>
    <message>
        <source>Retour</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>DocumentViewScreen</name>
    <message>
        <source>Ouverture du document…</source>
        <translation>Opening the document…</translation>
    </message>
    <message>
        <source>Page %1 sur %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>Page du document</source>
        <translation>Page of the document</translation>
    </message>
    <message>
        <source>Page précédente</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Page suivante</source>
        <translation>Next page</translation>
    </message>
</context>
<context>
    <name>DocumentsScreen</name>
    <message>
        <source>Le document est supprimé.</source>
        <translation>The document is deleted.</translation>
    </message>
    <message>
        <source>Le document est enregistré sur la clé USB&#xa0;: %1</source>
        <translation>The document is saved on the USB stick: %1</translation>
    </message>
    <message>
        <source>ajouté le %1</source>
        <translation>added on %1</translation>
    </message>
    <message>
        <source>Mes documents</source>
        <translation>My documents</translation>
    </message>
    <message>
        <source>Un instant…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <source>Vous n’avez pas encore de document.</source>
        <translation>You have no document yet.</translation>
    </message>
    <message>
        <source>Ajouter un document</source>
        <translation>Add a document</translation>
    </message>
    <message>
        <source>Supprimer «&#xa0;%1&#xa0;»&#xa0;? Il sera effacé pour toujours.</source>
        <translation>Delete “%1”? It will be erased for ever.</translation>
    </message>
    <message>
        <source>Voir les pages</source>
        <translation>See the pages</translation>
    </message>
    <message>
        <source>Nouvelle version</source>
        <translation>New version</translation>
    </message>
    <message>
        <source>Enregistrer en PDF sur clé USB</source>
        <translation>Save as PDF on a USB stick</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Oui, supprimer</source>
        <translation>Yes, delete</translation>
    </message>
    <message>
        <source>Non, garder</source>
        <translation>No, keep it</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Bonjour %1</source>
        <extracomment>The beneficiary&apos;s short status line instead of the full one. Say what the technician does about a station that cannot sync.</extracomment>
        <translation>Hello %1</translation>
    </message>
    <message>
        <source>Écran principal</source>
        <translation>Main screen</translation>
    </message>
    <message>
        <source>Que voulez-vous faire&#xa0;?</source>
        <translation>What do you want to do?</translation>
    </message>
    <message>
        <source>Quand vous avez fini, touchez «&#xa0;Terminer&#xa0;» et reprenez votre carte.</source>
        <translation>When you have finished, touch “Finish” and take your card back.</translation>
    </message>
    <message>
        <source>Bientôt disponible</source>
        <translation>Coming soon</translation>
    </message>
    <message>
        <source>Terminer</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Termine la session.</source>
        <translation>Ends the session.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Aucun chiffre tapé.</source>
        <translation>No digit typed.</translation>
    </message>
    <message>
        <source>1 chiffre tapé.</source>
        <translation>1 digit typed.</translation>
    </message>
    <message>
        <source>%1 chiffres tapés.</source>
        <translation>%1 digits typed.</translation>
    </message>
    <message>
        <source>Chiffre %1</source>
        <translation>Digit %1</translation>
    </message>
    <message>
        <source>Effacer</source>
        <translation>Erase</translation>
    </message>
    <message>
        <source>Efface le dernier chiffre tapé.</source>
        <translation>Erases the last digit typed.</translation>
    </message>
    <message>
        <source>Valider</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>LanguageButton</name>
    <message>
        <source>Changer de langue</source>
        <translation>Change language</translation>
    </message>
    <message>
        <source>Afficher la borne en anglais.</source>
        <translation>Show the kiosk in English.</translation>
    </message>
    <message>
        <source>Afficher la borne en français.</source>
        <translation>Show the kiosk in French.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Borne des services sociaux</source>
        <translation>Social services kiosk</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <source>Reprenez votre carte.</source>
        <translation>Take your card back.</translation>
    </message>
    <message>
        <source>Lecture de la carte…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <source>Ne retirez pas la carte.</source>
        <translation>Do not take the card out.</translation>
    </message>
    <message>
        <source>Votre session est terminée.</source>
        <translation>Your session has ended.</translation>
    </message>
    <message>
        <source>Personne n’a touché l’écran depuis un moment.</source>
        <translation>Nobody has touched the screen for a while.</translation>
    </message>
    <message>
        <source>Au revoir.</source>
        <translation>Goodbye.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Dessin&#xa0;: une carte sort du boîtier.</source>
        <translation>Picture: a card comes out of the box.</translation>
    </message>
    <message>
        <source>Dessin&#xa0;: une carte dans le boîtier.</source>
        <translation>Picture: a card in the box.</translation>
    </message>
</context>
<context>
    <name>PinChoice</name>
    <message>
        <source>Nouveau code secret</source>
        <translation>New secret code</translation>
    </message>
    <message>
        <source>Choisissez votre code secret&#xa0;: de 6 à 8 chiffres.</source>
        <translation>Choose your secret code: 6 to 8 digits.</translation>
    </message>
    <message>
        <source>Tapez le même code une deuxième fois.</source>
        <translation>Type the same code a second time.</translation>
    </message>
    <message>
        <source>Les deux codes sont différents. Recommencez.</source>
        <translation>The two codes are different. Start again.</translation>
    </message>
    <message>
        <source>Garde ce code. Il faut de 6 à 8 chiffres.</source>
        <translation>Keeps this code. It needs 6 to 8 digits.</translation>
    </message>
</context>
<context>
    <name>PinPadScreen</name>
    <message>
        <source>Code secret</source>
        <translation>Secret code</translation>
    </message>
    <message>
        <source>Écran du code secret</source>
        <translation>Secret code screen</translation>
    </message>
    <message>
        <source>Bonjour %1</source>
        <translation>Hello %1</translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Tapez votre code secret</source>
        <translation>Type your secret code</translation>
    </message>
    <message>
        <source>Envoie le code. Il faut de 6 à 8 chiffres.</source>
        <translation>Sends the code. It needs 6 to 8 digits.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Nouvelle version&#xa0;: %1</source>
        <translation>New version: %1</translation>
    </message>
    <message>
        <source>Vérifiez ce qui a été lu</source>
        <translation>Check what was read</translation>
    </message>
    <message>
        <source>Page %1 sur %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>Page précédente</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Page suivante</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>La page photographiée</source>
        <translation>The page in the photo</translation>
    </message>
    <message>
        <source>Type de document</source>
        <translation>Type of document</translation>
    </message>
    <message>
        <source>Ce document vient de</source>
        <translation>This document comes from</translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>C’est exact</source>
        <translation>That’s right</translation>
    </message>
    <message>
        <source>Range le document dans votre coffre-fort.</source>
        <translation>Files the document in your safe.</translation>
    </message>
    <message>
        <source>Ajouter une page</source>
        <translation>Add a page</translation>
    </message>
    <message>
        <source>Recommencer</source>
        <translation>Start again</translation>
    </message>
    <message>
        <source>Oublie ces pages et reprend la photo.</source>
        <translation>Forgets these pages and takes the photo again.</translation>
    </message>
    <message>
        <source>Vous avez choisi ce type.</source>
        <translation>You chose this type.</translation>
    </message>
    <message>
        <source>La borne n’a pas reconnu ce document. Choisissez son type dans la liste, ou laissez «&#xa0;Autre document&#xa0;».</source>
        <translation>The kiosk did not recognise this document. Choose its type in the list, or leave “Other document”.</translation>
    </message>
    <message>
        <source>La borne n’est pas sûre. Vérifiez le type.</source>
        <translation>The kiosk is not sure. Check the type.</translation>
    </message>
    <message>
        <source>C’est ce que la borne a reconnu.</source>
        <translation>This is what the kiosk recognised.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>À traiter</source>
        <translation>To handle</translation>
    </message>
</context>
<context>
    <name>TechnicianHomeScreen</name>
    <message>
        <source>Tester le lecteur</source>
        <translation>Test the card reader</translation>
    </message>
    <message>
        <source>Tester la caméra</source>
        <translation>Test the camera</translation>
    </message>
    <message>
        <source>Cartes</source>
        <translation>Cards</translation>
    </message>
    <message>
        <source>Émettre une carte</source>
        <translation>Issue a card</translation>
    </message>
</context>
<context>
    <name>TodoScreen</name>
    <message>
        <source>C’est noté. L’envoi reste dans l’historique de la station.</source>
        <translation>Noted. The item stays in the kiosk’s history.</translation>
    </message>
    <message>
        <source>À traiter</source>
        <translation>To handle</translation>
    </message>
    <message>
        <source>Retour</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Un instant…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <source>La plateforme a refusé ces envois, ou les a gardés avec un conflit. Regardez chacun, puis touchez «&#xa0;C’est vu&#xa0;». Rien n’est effacé.</source>
        <translation>The platform refused these items, or kept them with a conflict. Look at each one, then touch “Seen”. Nothing is deleted.</translation>
    </message>
    <message>
        <source>Rien à traiter.</source>
        <translation>Nothing to handle.</translation>
    </message>
    <message>
        <source>C’est vu</source>
        <translation>Seen</translation>
    </message>
    <message>
        <source>C’est vu&#xa0;: %1</source>
        <translation>Seen: %1</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Écran d’accueil</source>
        <translation>Welcome screen</translation>
    </message>
    <message>
        <source>Bienvenue</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>1. Posez votre carte dans le boîtier.</source>
        <translation>1. Put your card in the box.</translation>
    </message>
    <message>
        <source>2. Tapez votre code secret.</source>
        <translation>2. Type your secret code.</translation>
    </message>
    <message>
        <source>Laissez la carte dans le boîtier jusqu’à la fin.</source>
        <translation>Leave the card in the box until you have finished.</translation>
    </message>
    <message>
        <source>Besoin d’aide&#xa0;? Demandez à un agent.</source>
        <translation>Need help? Ask a member of staff.</translation>
    </message>
    <message>
        <source>Dessin&#xa0;: une carte entre dans le boîtier.</source>
        <translation>Picture: a card goes into the box.</translation>
    </message>
    <message>
        <source>Le boîtier a des touches pour taper le code.</source>
        <translation>The box has keys to type the code.</translation>
    </message>
</context>
<context>
    <name>demo</name>
    <message>
        <source>Carte d’usager</source>
        <translation>Beneficiary’s card</translation>
    </message>
    <message>
        <source>Carte d’agent</source>
        <translation>Agent’s card</translation>
    </message>
    <message>
        <source>Carte bloquée</source>
        <translation>Blocked card</translation>
    </message>
</context>
<context>
    <name>documents</name>
    <message>
        <source>Carte d’identité</source>
        <translation>Identity card</translation>
    </message>
    <message>
        <source>Passeport</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>Titre de séjour</source>
        <translation>Residence permit</translation>
    </message>
    <message>
        <source>RIB (relevé d’identité bancaire)</source>
        <translation>RIB (bank details)</translation>
    </message>
    <message>
        <source>Avis d’impôt</source>
        <translation>Tax notice</translation>
    </message>
    <message>
        <source>Attestation de la CAF</source>
        <translation>CAF certificate</translation>
    </message>
    <message>
        <source>Justificatif de domicile (facture, quittance de loyer)</source>
        <translation>Proof of address (bill, rent receipt)</translation>
    </message>
    <message>
        <source>Attestation de l’Assurance maladie</source>
        <translation>Health insurance certificate</translation>
    </message>
    <message>
        <source>Fiche de paie</source>
        <translation>Payslip</translation>
    </message>
    <message>
        <source>Livret de famille</source>
        <translation>Family record book</translation>
    </message>
    <message>
        <source>Autre document</source>
        <translation>Other document</translation>
    </message>
    <message>
        <source>Centre social (CMS)</source>
        <translation>Social centre (CMS)</translation>
    </message>
    <message>
        <source>CAF</source>
        <translation>CAF (family benefits)</translation>
    </message>
    <message>
        <source>Assurance maladie (CPAM)</source>
        <translation>Health insurance (CPAM)</translation>
    </message>
    <message>
        <source>Mairie et identité</source>
        <translation>Town hall and identity</translation>
    </message>
    <message>
        <source>MDPH (handicap)</source>
        <translation>MDPH (disability)</translation>
    </message>
    <message>
        <source>Impôts</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>France Travail</source>
        <translation>France Travail (employment)</translation>
    </message>
    <message>
        <source>Banque</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>Employeur</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>Préfecture</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <source>Logement</source>
        <translation>Housing</translation>
    </message>
    <message>
        <source>Autres</source>
        <translation>Others</translation>
    </message>
    <message>
        <source>Nom de famille</source>
        <translation>Family name</translation>
    </message>
    <message>
        <source>Prénoms</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Nationalité</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <source>Numéro du document</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>Valable jusqu’au</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Lignes codées du bas</source>
        <translation>Coded lines at the bottom</translation>
    </message>
    <message>
        <source>IBAN (numéro du compte)</source>
        <translation>IBAN (account number)</translation>
    </message>
    <message>
        <source>BIC (code de la banque)</source>
        <translation>BIC (bank code)</translation>
    </message>
    <message>
        <source>Titulaire du compte</source>
        <translation>Account holder</translation>
    </message>
    <message>
        <source>Numéro fiscal</source>
        <translation>Tax number</translation>
    </message>
    <message>
        <source>Référence de l’avis</source>
        <translation>Notice reference</translation>
    </message>
    <message>
        <source>Revenu fiscal de référence (euros)</source>
        <translation>Reference taxable income (euros)</translation>
    </message>
    <message>
        <source>Revenus de l’année</source>
        <translation>Income of the year</translation>
    </message>
    <message>
        <source>Nombre de parts</source>
        <translation>Number of shares</translation>
    </message>
    <message>
        <source>Code-barres carré (2D-Doc)</source>
        <translation>Square barcode (2D-Doc)</translation>
    </message>
    <message>
        <source>Numéro d’allocataire</source>
        <translation>Claimant number</translation>
    </message>
    <message>
        <source>Date du document</source>
        <translation>Date of the document</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Code postal</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>Numéro de sécurité sociale</source>
        <translation>Social security number</translation>
    </message>
    <message>
        <source>Mois payé</source>
        <translation>Month paid</translation>
    </message>
    <message>
        <source>Salaire net payé (euros)</source>
        <translation>Net pay (euros)</translation>
    </message>
    <message>
        <source>Date du mariage</source>
        <translation>Date of marriage</translation>
    </message>
    <message>
        <source>Vérifiées, correctes</source>
        <translation>Checked, correct</translation>
    </message>
    <message>
        <source>Pas vérifiées</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>à vérifier</source>
        <translation>check this</translation>
    </message>
    <message>
        <source>Le contrôle de ce numéro est bon.</source>
        <translation>This number passes its check.</translation>
    </message>
    <message>
        <source>Le contrôle ne passe pas : regardez le document et corrigez si besoin.</source>
        <translation>The check fails: look at the document and correct it if needed.</translation>
    </message>
    <message>
        <source>Périmé</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Plus de 3 mois</source>
        <translation>Over 3 months old</translation>
    </message>
    <message>
        <source>Pas le dernier avis</source>
        <translation>Not the latest notice</translation>
    </message>
    <message>
        <source>Trop ancien</source>
        <translation>Too old</translation>
    </message>
    <message>
        <source>Date à vérifier</source>
        <translation>Check the date</translation>
    </message>
    <message>
        <source>Valable jusqu’au %1</source>
        <translation>Valid until %1</translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 page</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>%1 pages</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Il vous reste 1 essai.</source>
        <translation>You have 1 try left.</translation>
    </message>
    <message>
        <source>Il vous reste %1 essais.</source>
        <translation>You have %1 tries left.</translation>
    </message>
    <message>
        <source>Attention&#xa0;: si le code est faux, la carte sera bloquée.</source>
        <translation>Careful: if the code is wrong, the card will be blocked.</translation>
    </message>
    <message>
        <source>Code incorrect.</source>
        <translation>Wrong code.</translation>
    </message>
    <message>
        <source>Tapez de nouveau votre code.</source>
        <translation>Type your code again.</translation>
    </message>
    <message>
        <source>Carte inconnue</source>
        <translation>Unknown card</translation>
    </message>
    <message>
        <source>Cette carte n’est pas une carte du service.</source>
        <translation>This card is not a card of the service.</translation>
    </message>
    <message>
        <source>Utilisez la carte que le service vous a donnée.</source>
        <translation>Use the card that the service gave you.</translation>
    </message>
    <message>
        <source>Carte refusée</source>
        <translation>Card refused</translation>
    </message>
    <message>
        <source>Cette carte ne peut pas être utilisée ici.</source>
        <translation>This card cannot be used here.</translation>
    </message>
    <message>
        <source>Montrez-la à un agent à l’accueil.</source>
        <translation>Show it to a member of staff at the front desk.</translation>
    </message>
    <message>
        <source>Carte bloquée</source>
        <translation>Card blocked</translation>
    </message>
    <message>
        <source>Votre carte est bloquée.</source>
        <translation>Your card is blocked.</translation>
    </message>
    <message>
        <source>Allez voir un agent à l’accueil&#xa0;: il peut la débloquer.</source>
        <translation>Go to a member of staff at the front desk: they can unblock it.</translation>
    </message>
    <message>
        <source>Carte plus valable</source>
        <translation>Card no longer valid</translation>
    </message>
    <message>
        <source>Cette carte n’est plus valable.</source>
        <translation>This card is no longer valid.</translation>
    </message>
    <message>
        <source>Demandez une nouvelle carte à l’accueil.</source>
        <translation>Ask for a new card at the front desk.</translation>
    </message>
    <message>
        <source>Lecture impossible</source>
        <translation>Cannot read the card</translation>
    </message>
    <message>
        <source>La carte n’a pas pu être lue.</source>
        <translation>The card could not be read.</translation>
    </message>
    <message>
        <source>Posez-la de nouveau dans le boîtier.</source>
        <translation>Put it in the box again.</translation>
    </message>
    <message>
        <source>Carte retirée</source>
        <translation>Card taken out</translation>
    </message>
    <message>
        <source>La carte a été retirée.</source>
        <translation>The card was taken out.</translation>
    </message>
    <message>
        <source>Pour recommencer, posez votre carte dans le boîtier.</source>
        <translation>To start again, put your card in the box.</translation>
    </message>
    <message>
        <source>Document abîmé</source>
        <translation>Damaged document</translation>
    </message>
    <message>
        <source>Un document est abîmé. Il ne peut pas être ouvert.</source>
        <translation>A document is damaged. It cannot be opened.</translation>
    </message>
    <message>
        <source>Prévenez un agent à l’accueil.</source>
        <translation>Tell a member of staff at the front desk.</translation>
    </message>
    <message>
        <source>Accès refusé</source>
        <translation>Access refused</translation>
    </message>
    <message>
        <source>Vous n’avez pas le droit de voir ceci.</source>
        <translation>You are not allowed to see this.</translation>
    </message>
    <message>
        <source>Si vous pensez que c’est une erreur, demandez à un agent.</source>
        <translation>If you think this is a mistake, ask a member of staff.</translation>
    </message>
    <message>
        <source>Liste indisponible</source>
        <translation>List unavailable</translation>
    </message>
    <message>
        <source>La base de données de la station n’a pas répondu.</source>
        <translation>The kiosk’s database did not answer.</translation>
    </message>
    <message>
        <source>Réessayez dans un instant. Si cela revient, appelez le technicien.</source>
        <translation>Try again in a moment. If it happens again, call the technician.</translation>
    </message>
    <message>
        <source>Un problème est survenu</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>La borne n’a pas pu faire ce que vous vouliez.</source>
        <translation>The kiosk could not do what you wanted.</translation>
    </message>
    <message>
        <source>Réessayez. Si le problème revient, demandez à un agent.</source>
        <translation>Try again. If the problem comes back, ask a member of staff.</translation>
    </message>
    <message>
        <source>Connexion par carte indisponible</source>
        <translation>Card login unavailable</translation>
    </message>
    <message>
        <source>Cette borne ne connaît pas encore l’autorité qui émet les cartes.</source>
        <translation>This kiosk does not know the card authority yet.</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: lancez «&#xa0;kiosk card authority-init&#xa0;» ou installez les certificats des cartes. La borne les verra d’elle-même.</source>
        <translation>Technician: run “kiosk card authority-init” or install the card certificates. The kiosk will notice them by itself.</translation>
    </message>
    <message>
        <source>Les certificats des cartes de cette borne sont illisibles.</source>
        <translation>This kiosk’s card certificates cannot be read.</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: installez-les de nouveau. La borne les verra d’elle-même.</source>
        <translation>Technician: install them again. The kiosk will notice them by itself.</translation>
    </message>
    <message>
        <source>Le service des lecteurs de cartes (pcscd) ne répond pas.</source>
        <translation>The card reader service (pcscd) does not answer.</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: démarrez-le («&#xa0;systemctl start pcscd&#xa0;»). La borne réessaie d’elle-même.</source>
        <translation>Technician: start it (“systemctl start pcscd”). The kiosk tries again by itself.</translation>
    </message>
    <message>
        <source>Code PUK incorrect.</source>
        <translation>Wrong PUK code.</translation>
    </message>
    <message>
        <source>Vérifiez le code PUK et tapez-le de nouveau.</source>
        <translation>Check the PUK code and type it again.</translation>
    </message>
    <message>
        <source>Code PUK bloqué</source>
        <translation>PUK code blocked</translation>
    </message>
    <message>
        <source>Cette carte ne peut plus être débloquée.</source>
        <translation>This card can no longer be unblocked.</translation>
    </message>
    <message>
        <source>Donnez une nouvelle carte à la personne.</source>
        <translation>Give the person a new card.</translation>
    </message>
    <message>
        <source>Numéro invalide</source>
        <translation>Invalid number</translation>
    </message>
    <message>
        <source>Un numéro de carte a 6 chiffres ou lettres, par exemple 000YSZ.</source>
        <translation>A card number has 6 digits or letters, for example 000YSZ.</translation>
    </message>
    <message>
        <source>Tapez de nouveau le numéro écrit sur la fiche de la carte.</source>
        <translation>Type again the number written on the card&apos;s sheet.</translation>
    </message>
    <message>
        <source>Nom manquant</source>
        <translation>Name missing</translation>
    </message>
    <message>
        <source>Le nom est vide.</source>
        <translation>The name is empty.</translation>
    </message>
    <message>
        <source>Tapez le nom de famille.</source>
        <translation>Type the family name.</translation>
    </message>
    <message>
        <source>Carte introuvable</source>
        <translation>Card not found</translation>
    </message>
    <message>
        <source>Aucune carte ne correspond à ce numéro et à ce nom.</source>
        <translation>No card matches this number and this name.</translation>
    </message>
    <message>
        <source>Vérifiez le numéro sur la fiche et le nom sur la pièce d’identité.</source>
        <translation>Check the number on the sheet and the name on the identity document.</translation>
    </message>
    <message>
        <source>Carte déjà remplacée</source>
        <translation>Card already replaced</translation>
    </message>
    <message>
        <source>Cette carte a déjà été remplacée par la carte %1.</source>
        <translation>This card was already replaced by card %1.</translation>
    </message>
    <message>
        <source>Cherchez la nouvelle carte.</source>
        <translation>Look for the new card.</translation>
    </message>
    <message>
        <source>Numéro déjà pris</source>
        <translation>Number already taken</translation>
    </message>
    <message>
        <source>Une autre carte a déjà ce numéro.</source>
        <translation>Another card already has this number.</translation>
    </message>
    <message>
        <source>Recommencez&#xa0;: un autre numéro sera choisi.</source>
        <translation>Start again: another number will be chosen.</translation>
    </message>
    <message>
        <source>Pas de carte</source>
        <translation>No card</translation>
    </message>
    <message>
        <source>Il n’y a pas de carte dans le second lecteur.</source>
        <translation>There is no card in the second reader.</translation>
    </message>
    <message>
        <source>Posez la carte dans le second lecteur, puis recommencez.</source>
        <translation>Put the card in the second reader, then start again.</translation>
    </message>
    <message>
        <source>Lecteurs indisponibles</source>
        <translation>Card readers unavailable</translation>
    </message>
    <message>
        <source>Les lecteurs de cartes ne répondent pas.</source>
        <translation>The card readers do not answer.</translation>
    </message>
    <message>
        <source>Réessayez dans un moment. Si cela dure, prévenez le technicien.</source>
        <translation>Try again in a moment. If it goes on, tell the technician.</translation>
    </message>
    <message>
        <source>Ce n’est pas la bonne carte</source>
        <translation>Not the right card</translation>
    </message>
    <message>
        <source>La carte posée est la carte %1.</source>
        <translation>The card in the reader is card %1.</translation>
    </message>
    <message>
        <source>Posez la carte de la personne, puis recommencez.</source>
        <translation>Put the person&apos;s card in the reader, then start again.</translation>
    </message>
    <message>
        <source>Cette carte est déjà émise.</source>
        <translation>This card has already been issued.</translation>
    </message>
    <message>
        <source>Cette carte n’est pas une carte vierge du service.</source>
        <translation>This card is not one of the service&apos;s blank cards.</translation>
    </message>
    <message>
        <source>Posez une carte vierge, puis recommencez.</source>
        <translation>Put a blank card in the reader, then start again.</translation>
    </message>
    <message>
        <source>Code PUK invalide</source>
        <translation>Invalid PUK code</translation>
    </message>
    <message>
        <source>Le code PUK a 8 chiffres.</source>
        <translation>The PUK code has 8 digits.</translation>
    </message>
    <message>
        <source>Tapez-le de nouveau.</source>
        <translation>Type it again.</translation>
    </message>
    <message>
        <source>Code invalide</source>
        <translation>Invalid code</translation>
    </message>
    <message>
        <source>Le code secret a de 6 à 8 chiffres.</source>
        <translation>The secret code has 6 to 8 digits.</translation>
    </message>
    <message>
        <source>Recommencez.</source>
        <translation>Start again.</translation>
    </message>
    <message>
        <source>Il faut la clé de séquestre pour passer les papiers sur la carte.</source>
        <translation>The escrow key is needed to move the papers to the card.</translation>
    </message>
    <message>
        <source>Le fichier de la clé de séquestre est illisible.</source>
        <translation>The escrow key file cannot be read.</translation>
    </message>
    <message>
        <source>Ce n’est pas la clé de séquestre de cette borne.</source>
        <translation>This is not this kiosk&apos;s escrow key.</translation>
    </message>
    <message>
        <source>Cette borne n’a pas de clé de séquestre.</source>
        <translation>This kiosk has no escrow key.</translation>
    </message>
    <message>
        <source>Clé de séquestre</source>
        <translation>Escrow key</translation>
    </message>
    <message>
        <source>Branchez le support du technicien et indiquez le fichier de la clé.</source>
        <translation>Plug in the technician&apos;s medium and give the key file.</translation>
    </message>
    <message>
        <source>Carte d’usager impossible ici</source>
        <translation>No beneficiary card here</translation>
    </message>
    <message>
        <source>Cette borne ne peut pas créer le coffre-fort d’un usager.</source>
        <translation>This kiosk cannot create a beneficiary&apos;s safe.</translation>
    </message>
    <message>
        <source>Émettez la carte sur une borne qui a la clé du coffre.</source>
        <translation>Issue the card on a kiosk that has the safe&apos;s key.</translation>
    </message>
    <message>
        <source>Bords de la page non trouvés</source>
        <translation>Page edges not found</translation>
    </message>
    <message>
        <source>La borne n’a pas trouvé les bords de la feuille.</source>
        <translation>The kiosk did not find the edges of the sheet.</translation>
    </message>
    <message>
        <source>Vérifiez que la page est entière. Sinon, recommencez.</source>
        <translation>Check that the whole page is there. If not, start again.</translation>
    </message>
    <message>
        <source>Page trop petite</source>
        <translation>Page too small</translation>
    </message>
    <message>
        <source>La feuille est petite sur la photo.</source>
        <translation>The sheet is small in the photo.</translation>
    </message>
    <message>
        <source>Vérifiez bien ce qui a été lu. Ou recommencez, la feuille plus près.</source>
        <translation>Check carefully what was read. Or start again, with the sheet closer.</translation>
    </message>
    <message>
        <source>Photo floue</source>
        <translation>Blurred photo</translation>
    </message>
    <message>
        <source>La photo est floue.</source>
        <translation>The photo is blurred.</translation>
    </message>
    <message>
        <source>Vérifiez bien ce qui a été lu. Ou recommencez sans bouger.</source>
        <translation>Check carefully what was read. Or start again, keeping still.</translation>
    </message>
    <message>
        <source>Rien n’a été lu</source>
        <translation>Nothing was read</translation>
    </message>
    <message>
        <source>La borne n’a pas pu lire le texte.</source>
        <translation>The kiosk could not read the text.</translation>
    </message>
    <message>
        <source>Vous pouvez écrire vous-même ce qui manque, ou recommencer.</source>
        <translation>You can type what is missing yourself, or start again.</translation>
    </message>
    <message>
        <source>Caméra indisponible</source>
        <translation>Camera unavailable</translation>
    </message>
    <message>
        <source>La caméra ne donne pas d’image.</source>
        <translation>The camera gives no picture.</translation>
    </message>
    <message>
        <source>Réessayez dans un moment. Si cela dure, prévenez un agent.</source>
        <translation>Try again in a moment. If it goes on, tell a member of staff.</translation>
    </message>
    <message>
        <source>Image abîmée</source>
        <translation>Damaged picture</translation>
    </message>
    <message>
        <source>L’image est abîmée. Elle ne peut pas être lue.</source>
        <translation>The picture is damaged. It cannot be read.</translation>
    </message>
    <message>
        <source>Reprenez la photo.</source>
        <translation>Take the photo again.</translation>
    </message>
    <message>
        <source>Image impossible à lire</source>
        <translation>Picture cannot be read</translation>
    </message>
    <message>
        <source>La taille de l’image ne convient pas.</source>
        <translation>The size of the picture is not right.</translation>
    </message>
    <message>
        <source>La borne n’arrive pas à lire les documents.</source>
        <translation>The kiosk cannot read documents.</translation>
    </message>
    <message>
        <source>Réessayez. Si cela dure, prévenez un agent.</source>
        <translation>Try again. If it goes on, tell a member of staff.</translation>
    </message>
    <message>
        <source>Page blanche</source>
        <translation>Blank page</translation>
    </message>
    <message>
        <source>La page semble blanche.</source>
        <translation>The page looks blank.</translation>
    </message>
    <message>
        <source>Retournez la feuille, puis reprenez la photo.</source>
        <translation>Turn the sheet over, then take the photo again.</translation>
    </message>
    <message>
        <source>Pas de page</source>
        <translation>No page</translation>
    </message>
    <message>
        <source>La borne ne trouve pas de page sur la photo.</source>
        <translation>The kiosk finds no page in the photo.</translation>
    </message>
    <message>
        <source>Posez la feuille à plat sur le fond sombre, en entier dans l’image.</source>
        <translation>Lay the sheet flat on the dark background, all of it in the picture.</translation>
    </message>
    <message>
        <source>Session terminée</source>
        <translation>Session ended</translation>
    </message>
    <message>
        <source>Vos documents ne sont plus ouverts.</source>
        <translation>Your documents are no longer open.</translation>
    </message>
    <message>
        <source>Document introuvable</source>
        <translation>Document not found</translation>
    </message>
    <message>
        <source>Ce document n’est plus dans vos documents.</source>
        <translation>This document is no longer in your documents.</translation>
    </message>
    <message>
        <source>Revenez à la liste de vos documents.</source>
        <translation>Go back to the list of your documents.</translation>
    </message>
    <message>
        <source>Document impossible à ouvrir</source>
        <translation>Document cannot be opened</translation>
    </message>
    <message>
        <source>Ce document n’a pas été ajouté par une borne. Elle ne peut pas l’ouvrir.</source>
        <translation>This document was not added by a kiosk. The kiosk cannot open it.</translation>
    </message>
    <message>
        <source>Demandez à un agent.</source>
        <translation>Ask a member of staff.</translation>
    </message>
    <message>
        <source>Pas de clé USB</source>
        <translation>No USB stick</translation>
    </message>
    <message>
        <source>Aucune clé USB n’est branchée.</source>
        <translation>No USB stick is plugged in.</translation>
    </message>
    <message>
        <source>Branchez votre clé USB sur la borne, puis recommencez.</source>
        <translation>Plug your USB stick into the kiosk, then try again.</translation>
    </message>
    <message>
        <source>Enregistrement impossible</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <source>Le document n’a pas pu être enregistré sur la clé USB.</source>
        <translation>The document could not be saved on the USB stick.</translation>
    </message>
    <message>
        <source>Vérifiez la clé (place libre, protection), puis recommencez.</source>
        <translation>Check the stick (free space, write protection), then try again.</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>%1 à %2</source>
        <extracomment>What the worker calls a failure to reach the platform (``SyncStatus.last_error``).</extracomment>
        <translation>%1 at %2</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: demandez un nouveau code à la plateforme, puis lancez «&#xa0;kiosk sync enrol --url ADRESSE --code CODE --again&#xa0;».</source>
        <translation>Technician: ask the platform for a new code, then run “kiosk sync enrol --url ADDRESS --code CODE --again”.</translation>
    </message>
    <message>
        <source>Cette station a été restaurée depuis une ancienne sauvegarde&#xa0;: appelez le technicien pour la réinscrire</source>
        <translation>This kiosk was restored from an old backup: call the technician to enrol it again</translation>
    </message>
    <message>
        <source>La plateforme ne connaît pas cette station&#xa0;: appelez le technicien pour la réinscrire</source>
        <translation>The platform does not know this kiosk: call the technician to enrol it again</translation>
    </message>
    <message>
        <source>Cette station a été retirée de la plateforme&#xa0;: appelez le technicien</source>
        <translation>This kiosk was removed from the platform: call the technician</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: voyez avec la plateforme avant de réinscrire la station.</source>
        <translation>Technician: check with the platform before enrolling the kiosk again.</translation>
    </message>
    <message>
        <source>La plateforme refuse cette station&#xa0;: appelez le technicien</source>
        <translation>The platform refuses this kiosk: call the technician</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: «&#xa0;kiosk sync now&#xa0;» montre l’erreur.</source>
        <translation>Technician: “kiosk sync now” shows the error.</translation>
    </message>
    <message>
        <source>Pas de réseau depuis %1</source>
        <translation>No network since %1</translation>
    </message>
    <message>
        <source>Tout est envoyé, pas de réseau depuis %1</source>
        <translation>Everything is sent, no network since %1</translation>
    </message>
    <message>
        <source>Tout est envoyé</source>
        <translation>Everything is sent</translation>
    </message>
    <message>
        <source>1 envoi en attente, pas de réseau depuis %2</source>
        <translation>1 item waiting, no network since %2</translation>
    </message>
    <message>
        <source>%1 envois en attente, pas de réseau depuis %2</source>
        <translation>%1 items waiting, no network since %2</translation>
    </message>
    <message>
        <source>1 envoi en cours</source>
        <translation>1 item being sent</translation>
    </message>
    <message>
        <source>%1 envois en cours</source>
        <translation>%1 items being sent</translation>
    </message>
    <message>
        <source>1 envoi en attente, nouvel essai à %2</source>
        <translation>1 item waiting, next try at %2</translation>
    </message>
    <message>
        <source>%1 envois en attente, nouvel essai à %2</source>
        <translation>%1 items waiting, next try at %2</translation>
    </message>
    <message>
        <source>1 envoi en attente</source>
        <translation>1 item waiting</translation>
    </message>
    <message>
        <source>%1 envois en attente</source>
        <translation>%1 items waiting</translation>
    </message>
    <message>
        <source>1 conflit à regarder</source>
        <translation>1 conflict to look at</translation>
    </message>
    <message>
        <source>%1 conflits à regarder</source>
        <translation>%1 conflicts to look at</translation>
    </message>
    <message>
        <source>1 envoi refusé à regarder</source>
        <translation>1 refused item to look at</translation>
    </message>
    <message>
        <source>%1 envois refusés à regarder</source>
        <translation>%1 refused items to look at</translation>
    </message>
    <message>
        <source>Vos documents restent sur cette borne.</source>
        <translation>Your documents stay on this kiosk.</translation>
    </message>
    <message>
        <source>Les envois sont en pause. Vos documents restent sur cette borne.</source>
        <translation>Sending is paused. Your documents stay on this kiosk.</translation>
    </message>
    <message>
        <source>Tout est envoyé.</source>
        <translation>Everything is sent.</translation>
    </message>
    <message>
        <source>1 envoi attend le réseau. Il partira tout seul.</source>
        <translation>1 item waits for the network. It will leave by itself.</translation>
    </message>
    <message>
        <source>%1 envois attendent le réseau. Ils partiront tout seuls.</source>
        <translation>%1 items wait for the network. They will leave by themselves.</translation>
    </message>
    <message>
        <source>Envoi en cours.</source>
        <translation>Sending.</translation>
    </message>
    <message>
        <source>Station pas encore inscrite auprès de la plateforme&#xa0;: tout reste ici</source>
        <translation>Kiosk not enrolled with the platform yet: everything stays here</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: inscrivez-la avec «&#xa0;kiosk sync enrol --url ADRESSE --code CODE&#xa0;».</source>
        <translation>Technician: enrol it with “kiosk sync enrol --url ADDRESS --code CODE”.</translation>
    </message>
    <message>
        <source>L’inscription de cette station est illisible&#xa0;: appelez le technicien</source>
        <translation>This kiosk’s enrolment cannot be read: call the technician</translation>
    </message>
    <message>
        <source>Technicien&#xa0;: réinscrivez la station avec «&#xa0;kiosk sync enrol --url ADRESSE --code CODE --again&#xa0;».</source>
        <translation>Technician: enrol the kiosk again with “kiosk sync enrol --url ADDRESS --code CODE --again”.</translation>
    </message>
    <message>
        <source>Rien à regarder</source>
        <translation>Nothing to look at</translation>
    </message>
    <message>
        <source>1 envoi à regarder</source>
        <translation>1 item to look at</translation>
    </message>
    <message>
        <source>%1 envois à regarder</source>
        <translation>%1 items to look at</translation>
    </message>
    <message>
        <source>Modification du dossier</source>
        <extracomment>How many characters of another station&apos;s id are shown.</extracomment>
        <translation>Change to the file</translation>
    </message>
    <message>
        <source>Demande d’aide</source>
        <translation>Aid request</translation>
    </message>
    <message>
        <source>Modification de la demande</source>
        <translation>Change to the request</translation>
    </message>
    <message>
        <source>Transition de la demande</source>
        <translation>Request status change</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Correction de la demande</source>
        <translation>Correction of the request</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Autre envoi</source>
        <translation>Other item</translation>
    </message>
    <message>
        <source>La plateforme ne connaît pas ce genre d’envoi&#xa0;: elle est peut-être plus ancienne que la station</source>
        <translation>The platform does not know this kind of item: it may be older than the kiosk</translation>
    </message>
    <message>
        <source>L’envoi était mal formé&#xa0;: prévenez le technicien</source>
        <translation>The item was malformed: tell the technician</translation>
    </message>
    <message>
        <source>L’envoi contenait une information que la plateforme ne connaît pas</source>
        <translation>The item held information the platform does not know</translation>
    </message>
    <message>
        <source>La station croyait connaître une version que la plateforme n’a jamais eue</source>
        <translation>The kiosk thought it knew a version the platform never had</translation>
    </message>
    <message>
        <source>Ce dossier appartient à une autre structure</source>
        <translation>This file belongs to another organisation</translation>
    </message>
    <message>
        <source>Ce dossier ou cette demande n’existe pas (ou plus) sur la plateforme</source>
        <translation>This file or request does not exist (or no longer exists) on the platform</translation>
    </message>
    <message>
        <source>Ce dossier ou cette demande existait déjà sur la plateforme</source>
        <translation>This file or request already existed on the platform</translation>
    </message>
    <message>
        <source>Une version plus récente de ce document était déjà sur la plateforme</source>
        <translation>A newer version of this document was already on the platform</translation>
    </message>
    <message>
        <source>Cet envoi portait le numéro d’un autre envoi&#xa0;: prévenez le technicien</source>
        <translation>This item carried the number of another item: tell the technician</translation>
    </message>
    <message>
        <source>La demande avait déjà changé d’état sur une autre station</source>
        <translation>The request had already changed status on another kiosk</translation>
    </message>
    <message>
        <source>La demande ne peut plus être modifiée dans son état actuel</source>
        <translation>The request can no longer be changed in its current status</translation>
    </message>
    <message>
        <source>Une correction est demandée sur cette demande&#xa0;: elle doit être faite d’abord</source>
        <translation>A correction is asked for on this request: it must be made first</translation>
    </message>
    <message>
        <source>Aucune correction n’était demandée sur cette demande</source>
        <translation>No correction was asked for on this request</translation>
    </message>
    <message>
        <source>Une demande de correction doit dire pourquoi</source>
        <translation>A correction request must say why</translation>
    </message>
    <message>
        <source>Un motif était donné alors qu’il n’en faut pas ici</source>
        <translation>A reason was given where none is needed</translation>
    </message>
    <message>
        <source>La plateforme a refusé cet envoi</source>
        <translation>The platform refused this item</translation>
    </message>
    <message>
        <source>Modifié sur deux stations en même temps&#xa0;: la modification la plus récente est gardée</source>
        <translation>Changed on two kiosks at the same time: the latest change is kept</translation>
    </message>
    <message>
        <source>Une information d’identité n’est jamais fusionnée toute seule&#xa0;: vérifiez la bonne valeur</source>
        <translation>Identity information is never merged by itself: check the right value</translation>
    </message>
    <message>
        <source>La demande était déjà envoyée&#xa0;: la modification attend l’instructeur</source>
        <translation>The request was already sent: the change waits for the case worker</translation>
    </message>
    <message>
        <source>cette station</source>
        <translation>this kiosk</translation>
    </message>
    <message>
        <source>station %1</source>
        <translation>kiosk %1</translation>
    </message>
    <message>
        <source>Valeur gardée&#xa0;: %1, le %2</source>
        <translation>Value kept: %1, on %2</translation>
    </message>
    <message>
        <source>Valeur non appliquée&#xa0;: %1, le %2</source>
        <translation>Value not applied: %1, on %2</translation>
    </message>
    <message>
        <source>Fait le %1, réponse de la plateforme le %2</source>
        <translation>Made on %1, platform’s answer on %2</translation>
    </message>
    <message>
        <source>Réponse de la plateforme le %1</source>
        <translation>Platform’s answer on %1</translation>
    </message>
    <message>
        <source>Refusé&#xa0;: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Conflit sur «&#xa0;%1&#xa0;»&#xa0;: %2</source>
        <translation>Conflict on “%1”: %2</translation>
    </message>
    <message>
        <source>Conflit&#xa0;: le détail arrive avec la prochaine synchronisation</source>
        <translation>Conflict: the details come with the next sync</translation>
    </message>
</context>
</TS>
