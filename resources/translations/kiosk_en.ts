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
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Bonjour %1</source>
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
    <name>PinPadScreen</name>
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
    <message>
        <source>Envoie le code. Il faut de 6 à 8 chiffres.</source>
        <translation>Sends the code. It needs 6 to 8 digits.</translation>
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
</context>
</TS>
