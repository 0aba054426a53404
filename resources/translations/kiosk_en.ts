<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
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
</TS>
