/**
 * Test fixture shared by the navigation features' tests: two clients whose
 * names overlap ("Juliet" and "Juliet's phone"), the case longest-name
 * matching and variable splitting must get right.
 */

/** The two definitions and the separator. */
export const TWO_JULIETS_HEADER = `[Client] Juliet
	jid: juliet@localhost
	password: password

[Client] Juliet's phone
	jid: juliet@localhost
	password: password

-----
`;

/** The header plus actions naming both clients on action lines and in variables. */
export const TWO_JULIETS_SPEC = `${TWO_JULIETS_HEADER}
Juliet connects

Juliet's phone connects

Juliet sends:
	<message to="\${Juliet's phone's full JID}" from="\${Juliet's full JID}">
		<body>Juliet</body>
	</message>

Juliet's phone receives:
	<message from="\${Juliet's full JID}"/>
`;
