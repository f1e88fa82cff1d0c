<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
    <context>
        <name>Accessibility</name>
        <message>
            <source>Clear {field}</source>
            <translation>Clear {field}</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>Something went wrong</source>
            <translation>Something went wrong</translation>
        </message>
        <message>
            <source>{line}

Everything saved so far is kept. You can go on working.</source>
            <translation>{line}

Everything saved so far is kept. You can go on working.</translation>
        </message>
    </context>
    <context>
        <name>Attendees</name>
        <message>
            <source>The person</source>
            <translation>The person</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Network</translation>
        </message>
        <message>
            <source>Practitioner</source>
            <translation>Practitioner</translation>
        </message>
        <message>
            <source>Peer worker</source>
            <translation>Peer worker</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Who</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Facilitator</source>
            <translation>Facilitator</translation>
        </message>
        <message>
            <source>Present</source>
            <translation>Present</translation>
        </message>
        <message>
            <source>facilitator</source>
            <translation>facilitator</translation>
        </message>
        <message>
            <source>present</source>
            <translation>present</translation>
        </message>
        <message>
            <source>invited, absent</source>
            <translation>invited, absent</translation>
        </message>
    </context>
    <context>
        <name>Conflicts</name>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Fields</source>
            <translation>Fields</translation>
        </message>
        <message>
            <source>Versions</source>
            <translation>Versions</translation>
        </message>
        <message>
            <source>Records in conflict</source>
            <translation>Records in conflict</translation>
        </message>
        <message>
            <source>Versions side by side</source>
            <translation>Versions side by side</translation>
        </message>
        <message>
            <source>&amp;Save merged version</source>
            <translation>&amp;Save merged version</translation>
        </message>
        <message>
            <source>Save merged version</source>
            <translation>Save merged version</translation>
        </message>
        <message>
            <source>Changes the server refused (kept on this laptop)</source>
            <translation>Changes the server refused (kept on this laptop)</translation>
        </message>
        <message>
            <source>Version {n}: {who}, {when}</source>
            <translation>Version {n}: {who}, {when}</translation>
        </message>
        <message>
            <source>{field}, version {n}</source>
            <translation>{field}, version {n}</translation>
        </message>
        <message>
            <source>Merged {field}</source>
            <translation>Merged {field}</translation>
        </message>
        <message>
            <source>Keep version {n}</source>
            <translation>Keep version {n}</translation>
        </message>
        <message>
            <source>The versions differ only in being deleted; saving keeps the record.</source>
            <translation>The versions differ only in being deleted; saving keeps the record.</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>Not saved</translation>
        </message>
    </context>
    <context>
        <name>Connect</name>
        <message>
            <source>Connect this laptop again</source>
            <translation>Connect this laptop again</translation>
        </message>
        <message>
            <source>Connect to the trust server</source>
            <translation>Connect to the trust server</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>Enrolment code</source>
            <translation>Enrolment code</translation>
        </message>
        <message>
            <source>Connecting</source>
            <translation>Connecting</translation>
        </message>
        <message>
            <source>Connection error</source>
            <translation>Connection error</translation>
        </message>
        <message>
            <source>The trust server no longer accepts this laptop (after a long time without contact, or after the server was restored). Ask the trust for a new enrolment code: everything on this laptop is kept and sent again.</source>
            <translation>The trust server no longer accepts this laptop (after a long time without contact, or after the server was restored). Ask the trust for a new enrolment code: everything on this laptop is kept and sent again.</translation>
        </message>
        <message>
            <source>Server &amp;address</source>
            <translation>Server &amp;address</translation>
        </message>
        <message>
            <source>Enrolment co&amp;de</source>
            <translation>Enrolment co&amp;de</translation>
        </message>
    </context>
    <context>
        <name>CosignQueue</name>
        <message>
            <source>Awaiting co-signature by {who}.</source>
            <translation>Awaiting co-signature by {who}.</translation>
        </message>
        <message>
            <source>Notes to co-sign</source>
            <translation>Notes to co-sign</translation>
        </message>
        <message>
            <source>Colleagues signed these notes of meetings you attended and asked you to co-sign. Read the note; co-sign it if it is a true account of the meeting.</source>
            <translation>Colleagues signed these notes of meetings you attended and asked you to co-sign. Read the note; co-sign it if it is a true account of the meeting.</translation>
        </message>
        <message>
            <source>Notes awaiting your co-signature</source>
            <translation>Notes awaiting your co-signature</translation>
        </message>
        <message>
            <source>The note to co-sign</source>
            <translation>The note to co-sign</translation>
        </message>
        <message>
            <source>No note is waiting for your co-signature.</source>
            <translation>No note is waiting for your co-signature.</translation>
        </message>
        <message>
            <source>&amp;Co-sign this note</source>
            <translation>&amp;Co-sign this note</translation>
        </message>
        <message>
            <source>Co-sign this note</source>
            <translation>Co-sign this note</translation>
        </message>
        <message>
            <source>Close notes to co-sign</source>
            <translation>Close notes to co-sign</translation>
        </message>
        <message>
            <source>{person}, meeting of {when}, by {author}</source>
            <translation>{person}, meeting of {when}, by {author}</translation>
        </message>
        <message>
            <source>Not co-signed</source>
            <translation>Not co-signed</translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message>
            <source>Last 3 months</source>
            <translation>Last 3 months</translation>
        </message>
        <message>
            <source>Last 6 months</source>
            <translation>Last 6 months</translation>
        </message>
        <message>
            <source>Last 12 months</source>
            <translation>Last 12 months</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>Custom</translation>
        </message>
        <message>
            <source>Team dashboard</source>
            <translation>Team dashboard</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>Period start</source>
            <translation>Period start</translation>
        </message>
        <message>
            <source>Period end</source>
            <translation>Period end</translation>
        </message>
        <message>
            <source>&amp;Period</source>
            <translation>&amp;Period</translation>
        </message>
        <message>
            <source>Tea&amp;m</source>
            <translation>Tea&amp;m</translation>
        </message>
        <message>
            <source>F&amp;rom</source>
            <translation>F&amp;rom</translation>
        </message>
        <message>
            <source>T&amp;o</source>
            <translation>T&amp;o</translation>
        </message>
        <message>
            <source>Save report as P&amp;DF…</source>
            <translation>Save report as P&amp;DF…</translation>
        </message>
        <message>
            <source>Save the team report as PDF</source>
            <translation>Save the team report as PDF</translation>
        </message>
        <message>
            <source>Research &amp;export…</source>
            <translation>Research &amp;export…</translation>
        </message>
        <message>
            <source>Pseudonymised research export</source>
            <translation>Pseudonymised research export</translation>
        </message>
        <message>
            <source>Export in progress</source>
            <translation>Export in progress</translation>
        </message>
        <message>
            <source>Loading the team's figures…</source>
            <translation>Loading the team's figures…</translation>
        </message>
        <message>
            <source>Dashboard status</source>
            <translation>Dashboard status</translation>
        </message>
        <message>
            <source>Team figures and charts</source>
            <translation>Team figures and charts</translation>
        </message>
        <message>
            <source>Team figures</source>
            <translation>Team figures</translation>
        </message>
        <message>
            <source>Chart figures as tables</source>
            <translation>Chart figures as tables</translation>
        </message>
        <message>
            <source>Figures of the charts</source>
            <translation>Figures of the charts</translation>
        </message>
        <message>
            <source>You supervise no team.</source>
            <translation>You supervise no team.</translation>
        </message>
        <message>
            <source>The period ends before it starts.</source>
            <translation>The period ends before it starts.</translation>
        </message>
        <message>
            <source>The team's figures could not be read: %1</source>
            <translation>The team's figures could not be read: %1</translation>
        </message>
        <message>
            <source>Referral to first meeting</source>
            <translation>Referral to first meeting</translation>
        </message>
        <message>
            <source>Referral</source>
            <translation>Referral</translation>
        </message>
        <message>
            <source>Meetings per network per month</source>
            <translation>Meetings per network per month</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>Continuity</source>
            <translation>Continuity</translation>
        </message>
        <message>
            <source>Network attendance</source>
            <translation>Network attendance</translation>
        </message>
        <message>
            <source>Fidelity over time</source>
            <translation>Fidelity over time</translation>
        </message>
        <message>
            <source>%1: figures</source>
            <translation>%1: figures</translation>
        </message>
        <message>
            <source>Its figures are in the table %1</source>
            <translation>Its figures are in the table %1</translation>
        </message>
        <message>
            <source>Save team report</source>
            <translation>Save team report</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Report not saved</source>
            <translation>Report not saved</translation>
        </message>
        <message>
            <source>Report saved to %1</source>
            <translation>Report saved to %1</translation>
        </message>
        <message>
            <source>Research export folder</source>
            <translation>Research export folder</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>Exporting…</translation>
        </message>
        <message>
            <source>Research export written to %1</source>
            <translation>Research export written to %1</translation>
        </message>
        <message>
            <source>Export failed: %1</source>
            <translation>Export failed: %1</translation>
        </message>
    </context>
    <context>
        <name>Demo</name>
        <message>
            <source>Demo: {name}. The demo passphrase is “{p}”.</source>
            <translation>Demo: {name}. The demo passphrase is “{p}”.</translation>
        </message>
        <message>
            <source>DEMO: fictional data, throwaway store with weak key derivation</source>
            <translation>DEMO: fictional data, throwaway store with weak key derivation</translation>
        </message>
        <message>
            <source>practitioner</source>
            <translation>practitioner</translation>
        </message>
        <message>
            <source>supervisor</source>
            <translation>supervisor</translation>
        </message>
        <message>
            <source>{name} ({role})</source>
            <translation>{name} ({role})</translation>
        </message>
    </context>
    <context>
        <name>Forms</name>
        <message>
            <source>Not known</source>
            <translation>Not known</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>Referral</source>
            <translation>Referral</translation>
        </message>
        <message>
            <source>Edit network</source>
            <translation>Edit network</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Preferred name</source>
            <translation>Preferred name</translation>
        </message>
        <message>
            <source>Pronouns</source>
            <translation>Pronouns</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>NHS number</source>
            <translation>NHS number</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Referral received</source>
            <translation>Referral received</translation>
        </message>
        <message>
            <source>Single Point of Access</source>
            <translation>Single Point of Access</translation>
        </message>
        <message>
            <source>Referral source</source>
            <translation>Referral source</translation>
        </message>
        <message>
            <source>Reason for referral</source>
            <translation>Reason for referral</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>Very urgent (4 h)</source>
            <translation>Very urgent (4 h)</translation>
        </message>
        <message>
            <source>Urgent (24 h)</source>
            <translation>Urgent (24 h)</translation>
        </message>
        <message>
            <source>Routine (24 h)</source>
            <translation>Routine (24 h)</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Reason for closing</source>
            <translation>Reason for closing</translation>
        </message>
        <message>
            <source>What may be shared with whom</source>
            <translation>What may be shared with whom</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Name</translation>
        </message>
        <message>
            <source>Pre&amp;ferred name</source>
            <translation>Pre&amp;ferred name</translation>
        </message>
        <message>
            <source>R&amp;eason</source>
            <translation>R&amp;eason</translation>
        </message>
        <message>
            <source>Ur&amp;gency</source>
            <translation>Ur&amp;gency</translation>
        </message>
        <message>
            <source>Shar&amp;ing</source>
            <translation>Shar&amp;ing</translation>
        </message>
        <message>
            <source>Pron&amp;ouns</source>
            <translation>Pron&amp;ouns</translation>
        </message>
        <message>
            <source>&amp;Date of birth</source>
            <translation>&amp;Date of birth</translation>
        </message>
        <message>
            <source>N&amp;HS number</source>
            <translation>N&amp;HS number</translation>
        </message>
        <message>
            <source>&amp;Phone</source>
            <translation>&amp;Phone</translation>
        </message>
        <message>
            <source>&amp;Address</source>
            <translation>&amp;Address</translation>
        </message>
        <message>
            <source>Referral &amp;received</source>
            <translation>Referral &amp;received</translation>
        </message>
        <message>
            <source>&amp;Source</source>
            <translation>&amp;Source</translation>
        </message>
        <message>
            <source>&amp;Team</source>
            <translation>&amp;Team</translation>
        </message>
        <message>
            <source>Stat&amp;us</source>
            <translation>Stat&amp;us</translation>
        </message>
        <message>
            <source>Reason for &amp;closing</source>
            <translation>Reason for &amp;closing</translation>
        </message>
        <message>
            <source>the NHS number is not valid (10 digits with a check digit)</source>
            <translation>the NHS number is not valid (10 digits with a check digit)</translation>
        </message>
        <message>
            <source>a name is needed</source>
            <translation>a name is needed</translation>
        </message>
        <message>
            <source>give the reason for closing this network</source>
            <translation>give the reason for closing this network</translation>
        </message>
        <message>
            <source>Network member</source>
            <translation>Network member</translation>
        </message>
        <message>
            <source>Relationship</source>
            <translation>Relationship</translation>
        </message>
        <message>
            <source>e.g. mother, GP, neighbour</source>
            <translation>e.g. mother, GP, neighbour</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Group</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>May &amp;share information with this person</source>
            <translation>May &amp;share information with this person</translation>
        </message>
        <message>
            <source>May share</source>
            <translation>May share</translation>
        </message>
        <message>
            <source>Still &amp;active in the network</source>
            <translation>Still &amp;active in the network</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>&amp;Relationship</source>
            <translation>&amp;Relationship</translation>
        </message>
        <message>
            <source>&amp;Group</source>
            <translation>&amp;Group</translation>
        </message>
        <message>
            <source>&amp;Email</source>
            <translation>&amp;Email</translation>
        </message>
        <message>
            <source>N&amp;otes</source>
            <translation>N&amp;otes</translation>
        </message>
    </context>
    <context>
        <name>KeyPractitioners</name>
        <message>
            <source>Key practitioners</source>
            <translation>Key practitioners</translation>
        </message>
        <message>
            <source>Practitioners of the team</source>
            <translation>Practitioners of the team</translation>
        </message>
        <message>
            <source>Tick the practitioners who stay with this family from meeting to meeting.</source>
            <translation>Tick the practitioners who stay with this family from meeting to meeting.</translation>
        </message>
    </context>
    <context>
        <name>Main</name>
        <message>
            <source>Notice</source>
            <translation>Notice</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>Connection</translation>
        </message>
        <message>
            <source>Changes waiting</source>
            <translation>Changes waiting</translation>
        </message>
        <message>
            <source>Last sync</source>
            <translation>Last sync</translation>
        </message>
        <message>
            <source>Conflicts</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <source>Sync message</source>
            <translation>Sync message</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;New referral…</source>
            <translation>&amp;New referral…</translation>
        </message>
        <message>
            <source>&amp;Lock</source>
            <translation>&amp;Lock</translation>
        </message>
        <message>
            <source>S&amp;witch user</source>
            <translation>S&amp;witch user</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>&amp;Go</source>
            <translation>&amp;Go</translation>
        </message>
        <message>
            <source>&amp;Search…</source>
            <translation>&amp;Search…</translation>
        </message>
        <message>
            <source>&amp;Networks</source>
            <translation>&amp;Networks</translation>
        </message>
        <message>
            <source>Sync and &amp;conflicts</source>
            <translation>Sync and &amp;conflicts</translation>
        </message>
        <message>
            <source>Notes to c&amp;o-sign…</source>
            <translation>Notes to c&amp;o-sign…</translation>
        </message>
        <message>
            <source>S&amp;ync</source>
            <translation>S&amp;ync</translation>
        </message>
        <message>
            <source>Sync &amp;now</source>
            <translation>Sync &amp;now</translation>
        </message>
        <message>
            <source>Se&amp;ttings</source>
            <translation>Se&amp;ttings</translation>
        </message>
        <message>
            <source>&amp;Connect to trust server…</source>
            <translation>&amp;Connect to trust server…</translation>
        </message>
        <message>
            <source>Sync and conflicts</source>
            <translation>Sync and conflicts</translation>
        </message>
        <message>
            <source>Filter networks</source>
            <translation>Filter networks</translation>
        </message>
        <message>
            <source>Filter by name…</source>
            <translation>Filter by name…</translation>
        </message>
        <message>
            <source>Show networks</source>
            <translation>Show networks</translation>
        </message>
        <message>
            <source>New &amp;referral…</source>
            <translation>New &amp;referral…</translation>
        </message>
        <message>
            <source>New referral</source>
            <translation>New referral</translation>
        </message>
        <message>
            <source>Networks</source>
            <translation>Networks</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Show</translation>
        </message>
        <message>
            <source>Network page</source>
            <translation>Network page</translation>
        </message>
        <message>
            <source>Choose a network in the list to see its page.</source>
            <translation>Choose a network in the list to see its page.</translation>
        </message>
        <message>
            <source>Supervisor pages unavailable: {e}</source>
            <translation>Supervisor pages unavailable: {e}</translation>
        </message>
        <message>
            <source>Loading networks…</source>
            <translation>Loading networks…</translation>
        </message>
        <message>
            <source>This laptop (not yet connected)</source>
            <translation>This laptop (not yet connected)</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>Not saved</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>Meeting: {name}</source>
            <translation>Meeting: {name}</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>Connected</translation>
        </message>
        <message>
            <source>This laptop is already connected to {url}.</source>
            <translation>This laptop is already connected to {url}.</translation>
        </message>
        <message>
            <source>Connected to the trust server</source>
            <translation>Connected to the trust server</translation>
        </message>
        <message>
            <source>Offline (not connected)</source>
            <translation>Offline (not connected)</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <source>Checking connection…</source>
            <translation>Checking connection…</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message numerus="yes">
            <source>%n change(s) waiting</source>
            <translation>
                <numerusform>%n change waiting</numerusform>
                <numerusform>%n changes waiting</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n conflict(s)</source>
            <translation>
                <numerusform>%n conflict</numerusform>
                <numerusform>%n conflicts</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, %n refused</source>
            <translation>
                <numerusform>, %n refused</numerusform>
                <numerusform>, %n refused</numerusform>
            </translation>
        </message>
        <message>
            <source>Last sync: {t}</source>
            <translation>Last sync: {t}</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Your records are hidden because this laptop has not reached the trust server for too long ({detail}). Connect to the network and press Sync now; your records will show again as soon as the server answers. Nothing has been deleted.</source>
            <translation>Your records are hidden because this laptop has not reached the trust server for too long ({detail}). Connect to the network and press Sync now; your records will show again as soon as the server answers. Nothing has been deleted.</translation>
        </message>
        <message>
            <source>Sync now</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <source>&amp;Close odesk</source>
            <translation>&amp;Close odesk</translation>
        </message>
        <message>
            <source>Close odesk</source>
            <translation>Close odesk</translation>
        </message>
    </context>
    <context>
        <name>Meeting</name>
        <message>
            <source>Network meeting — {name}</source>
            <translation>Network meeting — {name}</translation>
        </message>
        <message>
            <source>Recovered draft: odesk closed before this meeting was finished. Everything saved up to then is here.</source>
            <translation>Recovered draft: odesk closed before this meeting was finished. Everything saved up to then is here.</translation>
        </message>
        <message>
            <source>Recovered draft</source>
            <translation>Recovered draft</translation>
        </message>
        <message>
            <source>Signature</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>Late entry: first written more than 24 hours after the meeting</source>
            <translation>Late entry: first written more than 24 hours after the meeting</translation>
        </message>
        <message>
            <source>Late entry</source>
            <translation>Late entry</translation>
        </message>
        <message>
            <source>Save status</source>
            <translation>Save status</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>Meeting status</source>
            <translation>Meeting status</translation>
        </message>
        <message>
            <source>Planned</source>
            <translation>Planned</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>Held</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Did not attend</source>
            <translation>Did not attend</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>End</source>
            <translation>End</translation>
        </message>
        <message>
            <source>not set</source>
            <translation>not set</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>Location</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>Home</translation>
        </message>
        <message>
            <source>Clinic</source>
            <translation>Clinic</translation>
        </message>
        <message>
            <source>Community</source>
            <translation>Community</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Video</source>
            <translation>Video</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Location detail</source>
            <translation>Location detail</translation>
        </message>
        <message>
            <source>St&amp;atus</source>
            <translation>St&amp;atus</translation>
        </message>
        <message>
            <source>A note of this meeting is signed: its status, times, place and attendance are part of what was signed. Use “Correct meeting details…” to correct them.</source>
            <translation>A note of this meeting is signed: its status, times, place and attendance are part of what was signed. Use “Correct meeting details…” to correct them.</translation>
        </message>
        <message>
            <source>Meeting details are frozen</source>
            <translation>Meeting details are frozen</translation>
        </message>
        <message>
            <source>Correct meeting details…</source>
            <translation>Correct meeting details…</translation>
        </message>
        <message>
            <source>Correct meeting details</source>
            <translation>Correct meeting details</translation>
        </message>
        <message>
            <source>Corrections of this meeting</source>
            <translation>Corrections of this meeting</translation>
        </message>
        <message>
            <source>Who came</source>
            <translation>Who came</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>Attendees</translation>
        </message>
        <message>
            <source>Person to add</source>
            <translation>Person to add</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Facilitator</source>
            <translation>Facilitator</translation>
        </message>
        <message>
            <source>Add attendee</source>
            <translation>Add attendee</translation>
        </message>
        <message>
            <source>Remove attendee</source>
            <translation>Remove attendee</translation>
        </message>
        <message>
            <source>My note</source>
            <translation>My note</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Voices — in each person's own words</source>
            <translation>Voices — in each person's own words</translation>
        </message>
        <message>
            <source>Reflections</source>
            <translation>Reflections</translation>
        </message>
        <message>
            <source>Options discussed</source>
            <translation>Options discussed</translation>
        </message>
        <message>
            <source>New option</source>
            <translation>New option</translation>
        </message>
        <message>
            <source>An option the network discussed (not a decision)</source>
            <translation>An option the network discussed (not a decision)</translation>
        </message>
        <message>
            <source>Add option</source>
            <translation>Add option</translation>
        </message>
        <message>
            <source>Remove option</source>
            <translation>Remove option</translation>
        </message>
        <message>
            <source>Agreements</source>
            <translation>Agreements</translation>
        </message>
        <message>
            <source>Uncertainties</source>
            <translation>Uncertainties</translation>
        </message>
        <message>
            <source>Safety discussed</source>
            <translation>Safety discussed</translation>
        </message>
        <message>
            <source>Safety</source>
            <translation>Safety</translation>
        </message>
        <message>
            <source>Safeguarding concern</source>
            <translation>Safeguarding concern</translation>
        </message>
        <message>
            <source>Ne&amp;xt meeting agreed</source>
            <translation>Ne&amp;xt meeting agreed</translation>
        </message>
        <message>
            <source>Next meeting agreed</source>
            <translation>Next meeting agreed</translation>
        </message>
        <message>
            <source>Next meeting time</source>
            <translation>Next meeting time</translation>
        </message>
        <message>
            <source>Next meeting place</source>
            <translation>Next meeting place</translation>
        </message>
        <message>
            <source>where the network chose</source>
            <translation>where the network chose</translation>
        </message>
        <message>
            <source>Next meeting</source>
            <translation>Next meeting</translation>
        </message>
        <message>
            <source>Why the entry is late</source>
            <translation>Why the entry is late</translation>
        </message>
        <message>
            <source>&amp;Why late</source>
            <translation>&amp;Why late</translation>
        </message>
        <message>
            <source>Colleagues' notes of this meeting</source>
            <translation>Colleagues' notes of this meeting</translation>
        </message>
        <message>
            <source>C&amp;o-sign a colleague's note…</source>
            <translation>C&amp;o-sign a colleague's note…</translation>
        </message>
        <message>
            <source>Co-sign a colleague's note</source>
            <translation>Co-sign a colleague's note</translation>
        </message>
        <message>
            <source>Note by {who}</source>
            <translation>Note by {who}</translation>
        </message>
        <message>
            <source>Addenda</source>
            <translation>Addenda</translation>
        </message>
        <message>
            <source>Meeting note</source>
            <translation>Meeting note</translation>
        </message>
        <message>
            <source>S&amp;ign note…</source>
            <translation>S&amp;ign note…</translation>
        </message>
        <message>
            <source>Sign note</source>
            <translation>Sign note</translation>
        </message>
        <message>
            <source>Add addendum</source>
            <translation>Add addendum</translation>
        </message>
        <message>
            <source>Read &amp;back</source>
            <translation>Read &amp;back</translation>
        </message>
        <message>
            <source>Read back</source>
            <translation>Read back</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Save PDF</translation>
        </message>
        <message>
            <source>Remo&amp;ve meeting…</source>
            <translation>Remo&amp;ve meeting…</translation>
        </message>
        <message>
            <source>Remove meeting</source>
            <translation>Remove meeting</translation>
        </message>
        <message>
            <source>W&amp;here</source>
            <translation>W&amp;here</translation>
        </message>
        <message>
            <source>Where exactly</source>
            <translation>Where exactly</translation>
        </message>
        <message>
            <source>Add att&amp;endee</source>
            <translation>Add att&amp;endee</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Remove</translation>
        </message>
        <message>
            <source>Su&amp;mmary</source>
            <translation>Su&amp;mmary</translation>
        </message>
        <message>
            <source>Ref&amp;lections</source>
            <translation>Ref&amp;lections</translation>
        </message>
        <message>
            <source>Optio&amp;ns</source>
            <translation>Optio&amp;ns</translation>
        </message>
        <message>
            <source>Ag&amp;reements</source>
            <translation>Ag&amp;reements</translation>
        </message>
        <message>
            <source>&amp;Uncertainties</source>
            <translation>&amp;Uncertainties</translation>
        </message>
        <message>
            <source>Safety was discussed openly</source>
            <translation>Safety was discussed openly</translation>
        </message>
        <message>
            <source>&amp;Safety</source>
            <translation>&amp;Safety</translation>
        </message>
        <message>
            <source>Add a&amp;ddendum…</source>
            <translation>Add a&amp;ddendum…</translation>
        </message>
        <message>
            <source>Save &amp;PDF…</source>
            <translation>Save &amp;PDF…</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Close meeting</source>
            <translation>Close meeting</translation>
        </message>
        <message>
            <source>{name} (the person)</source>
            <translation>{name} (the person)</translation>
        </message>
        <message>
            <source>Me</source>
            <translation>Me</translation>
        </message>
        <message>
            <source>me</source>
            <translation>me</translation>
        </message>
        <message>
            <source>Voice of {name}</source>
            <translation>Voice of {name}</translation>
        </message>
        <message>
            <source>Editing…</source>
            <translation>Editing…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>Saved {time}</source>
            <translation>Saved {time}</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Saved</translation>
        </message>
        <message>
            <source>Not saved: {error}</source>
            <translation>Not saved: {error}</translation>
        </message>
        <message>
            <source>Signed by {who} at {when}. A signed note never changes; add an addendum to correct or add to it.</source>
            <translation>Signed by {who} at {when}. A signed note never changes; add an addendum to correct or add to it.</translation>
        </message>
        <message>
            <source>Co-signed by {who}.</source>
            <translation>Co-signed by {who}.</translation>
        </message>
        <message>
            <source>Addendum</source>
            <translation>Addendum</translation>
        </message>
        <message>
            <source>Sign this note?</source>
            <translation>Sign this note?</translation>
        </message>
        <message>
            <source>Once signed, this note can no longer change. Corrections are made with an addendum. Sign now?</source>
            <translation>Once signed, this note can no longer change. Corrections are made with an addendum. Sign now?</translation>
        </message>
        <message>
            <source>Not signed</source>
            <translation>Not signed</translation>
        </message>
        <message>
            <source>Mark the meeting as held, with the time it started, before signing its note.</source>
            <translation>Mark the meeting as held, with the time it started, before signing its note.</translation>
        </message>
        <message>
            <source>Not co-signed</source>
            <translation>Not co-signed</translation>
        </message>
        <message>
            <source>Correction not saved</source>
            <translation>Correction not saved</translation>
        </message>
        <message>
            <source>Addendum not saved</source>
            <translation>Addendum not saved</translation>
        </message>
        <message>
            <source>Save the signed note as PDF</source>
            <translation>Save the signed note as PDF</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Network meeting note</source>
            <translation>Network meeting note</translation>
        </message>
        <message>
            <source>PDF not written</source>
            <translation>PDF not written</translation>
        </message>
        <message>
            <source>Meeting kept</source>
            <translation>Meeting kept</translation>
        </message>
        <message>
            <source>Remove this meeting?</source>
            <translation>Remove this meeting?</translation>
        </message>
        <message>
            <source>The meeting and your draft note of it are removed from the timeline. They stay in the network's history with your reason.</source>
            <translation>The meeting and your draft note of it are removed from the timeline. They stay in the network's history with your reason.</translation>
        </message>
        <message>
            <source>Why the meeting is removed</source>
            <translation>Why the meeting is removed</translation>
        </message>
        <message>
            <source>Meeting not removed</source>
            <translation>Meeting not removed</translation>
        </message>
    </context>
    <context>
        <name>MeetingCorrection</name>
        <message>
            <source>Correct meeting details</source>
            <translation>Correct meeting details</translation>
        </message>
        <message>
            <source>Corrected status</source>
            <translation>Corrected status</translation>
        </message>
        <message>
            <source>Planned</source>
            <translation>Planned</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>Held</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Did not attend</source>
            <translation>Did not attend</translation>
        </message>
        <message>
            <source>Corrected start</source>
            <translation>Corrected start</translation>
        </message>
        <message>
            <source>Corrected end</source>
            <translation>Corrected end</translation>
        </message>
        <message>
            <source>Corrected place</source>
            <translation>Corrected place</translation>
        </message>
        <message>
            <source>Corrected place details</source>
            <translation>Corrected place details</translation>
        </message>
        <message>
            <source>Who was there</source>
            <translation>Who was there</translation>
        </message>
        <message>
            <source>Reason for the correction</source>
            <translation>Reason for the correction</translation>
        </message>
        <message>
            <source>Correction problem</source>
            <translation>Correction problem</translation>
        </message>
        <message>
            <source>Save correction</source>
            <translation>Save correction</translation>
        </message>
        <message>
            <source>Cancel correction</source>
            <translation>Cancel correction</translation>
        </message>
        <message>
            <source>A note of this meeting is signed, so these details are part of what was signed. A correction keeps the old values, says what changed and why, and is shown with every note of the meeting.</source>
            <translation>A note of this meeting is signed, so these details are part of what was signed. A correction keeps the old values, says what changed and why, and is shown with every note of the meeting.</translation>
        </message>
        <message>
            <source>St&amp;atus</source>
            <translation>St&amp;atus</translation>
        </message>
        <message>
            <source>&amp;Start</source>
            <translation>&amp;Start</translation>
        </message>
        <message>
            <source>En&amp;d</source>
            <translation>En&amp;d</translation>
        </message>
        <message>
            <source>&amp;Where</source>
            <translation>&amp;Where</translation>
        </message>
        <message>
            <source>Where &amp;exactly</source>
            <translation>Where &amp;exactly</translation>
        </message>
        <message>
            <source>&amp;Who was there</source>
            <translation>&amp;Who was there</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>&amp;Reason</translation>
        </message>
        <message>
            <source>Nothing is changed: change a detail to correct it.</source>
            <translation>Nothing is changed: change a detail to correct it.</translation>
        </message>
        <message>
            <source>Say why the meeting's details are corrected.</source>
            <translation>Say why the meeting's details are corrected.</translation>
        </message>
    </context>
    <context>
        <name>MeetingRemoval</name>
        <message>
            <source>This meeting has a signed note, so it stays; correct it with an addendum.</source>
            <translation>This meeting has a signed note, so it stays; correct it with an addendum.</translation>
        </message>
        <message>
            <source>A colleague has a note of this meeting; only they can remove their note.</source>
            <translation>A colleague has a note of this meeting; only they can remove their note.</translation>
        </message>
        <message>
            <source>Give the reason for removing this meeting.</source>
            <translation>Give the reason for removing this meeting.</translation>
        </message>
        <message>
            <source>This meeting was never saved, or is already removed.</source>
            <translation>This meeting was never saved, or is already removed.</translation>
        </message>
    </context>
    <context>
        <name>Network</name>
        <message>
            <source>Time from referral to first meeting</source>
            <translation>Time from referral to first meeting</translation>
        </message>
        <message>
            <source>No referral time recorded</source>
            <translation>No referral time recorded</translation>
        </message>
        <message>
            <source>{h}-hour target</source>
            <translation>{h}-hour target</translation>
        </message>
        <message>
            <source>First meeting recorded before the referral — not counted as within the {target}</source>
            <translation>First meeting recorded before the referral — not counted as within the {target}</translation>
        </message>
        <message>
            <source>First meeting {taken} after referral — within the {target}</source>
            <translation>First meeting {taken} after referral — within the {target}</translation>
        </message>
        <message>
            <source>First meeting {taken} after referral — the {target} was missed</source>
            <translation>First meeting {taken} after referral — the {target} was missed</translation>
        </message>
        <message>
            <source>No first meeting yet: {target} missed by {late}</source>
            <translation>No first meeting yet: {target} missed by {late}</translation>
        </message>
        <message>
            <source>{left} left to meet the network ({target})</source>
            <translation>{left} left to meet the network ({target})</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>&amp;Edit referral…</source>
            <translation>&amp;Edit referral…</translation>
        </message>
        <message>
            <source>Edit referral</source>
            <translation>Edit referral</translation>
        </message>
        <message>
            <source>&amp;Key practitioners…</source>
            <translation>&amp;Key practitioners…</translation>
        </message>
        <message>
            <source>Edit key practitioners</source>
            <translation>Edit key practitioners</translation>
        </message>
        <message>
            <source>Close network</source>
            <translation>Close network</translation>
        </message>
        <message>
            <source>Network sections</source>
            <translation>Network sections</translation>
        </message>
        <message>
            <source>&amp;Person</source>
            <translation>&amp;Person</translation>
        </message>
        <message>
            <source>Network members</source>
            <translation>Network members</translation>
        </message>
        <message>
            <source>&amp;Add member…</source>
            <translation>&amp;Add member…</translation>
        </message>
        <message>
            <source>Add member</source>
            <translation>Add member</translation>
        </message>
        <message>
            <source>Mem&amp;bers</source>
            <translation>Mem&amp;bers</translation>
        </message>
        <message>
            <source>Network map</source>
            <translation>Network map</translation>
        </message>
        <message>
            <source>&amp;Map</source>
            <translation>&amp;Map</translation>
        </message>
        <message>
            <source>Meetings timeline</source>
            <translation>Meetings timeline</translation>
        </message>
        <message>
            <source>&amp;New meeting…</source>
            <translation>&amp;New meeting…</translation>
        </message>
        <message>
            <source>New meeting</source>
            <translation>New meeting</translation>
        </message>
        <message>
            <source>&amp;Open meeting</source>
            <translation>&amp;Open meeting</translation>
        </message>
        <message>
            <source>Open meeting</source>
            <translation>Open meeting</translation>
        </message>
        <message>
            <source>History of changes</source>
            <translation>History of changes</translation>
        </message>
        <message>
            <source>H&amp;istory</source>
            <translation>H&amp;istory</translation>
        </message>
        <message>
            <source> — closed</source>
            <translation> — closed</translation>
        </message>
        <message>
            <source>Close net&amp;work…</source>
            <translation>Close net&amp;work…</translation>
        </message>
        <message>
            <source>Meeting&amp;s</source>
            <translation>Meeting&amp;s</translation>
        </message>
        <message>
            <source>Reopen net&amp;work</source>
            <translation>Reopen net&amp;work</translation>
        </message>
        <message>
            <source>Reopen network</source>
            <translation>Reopen network</translation>
        </message>
        <message>
            <source>Pronouns</source>
            <translation>Pronouns</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>NHS number</source>
            <translation>NHS number</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Referral received</source>
            <translation>Referral received</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Key practitioners</source>
            <translation>Key practitioners</translation>
        </message>
        <message>
            <source>Sharing</source>
            <translation>Sharing</translation>
        </message>
        <message>
            <source>Reason for closing</source>
            <translation>Reason for closing</translation>
        </message>
        <message>
            <source>signed</source>
            <translation>signed</translation>
        </message>
        <message>
            <source>draft</source>
            <translation>draft</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>Not saved</translation>
        </message>
        <message>
            <source>Close this network?</source>
            <translation>Close this network?</translation>
        </message>
        <message>
            <source>Closing ends the team's work with this person and their network. The record stays, and the network can be reopened.</source>
            <translation>Closing ends the team's work with this person and their network. The record stays, and the network can be reopened.</translation>
        </message>
    </context>
    <context>
        <name>NetworkList</name>
        <message>
            <source>All networks</source>
            <translation>All networks</translation>
        </message>
        <message>
            <source>Mine</source>
            <translation>Mine</translation>
        </message>
        <message>
            <source>My team</source>
            <translation>My team</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Waiting for first meeting</source>
            <translation>Waiting for first meeting</translation>
        </message>
        <message>
            <source>Open safeguarding concern</source>
            <translation>Open safeguarding concern</translation>
        </message>
        <message>
            <source>Very urgent</source>
            <translation>Very urgent</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Urgent</translation>
        </message>
        <message>
            <source>Routine</source>
            <translation>Routine</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>Referral received</source>
            <translation>Referral received</translation>
        </message>
        <message>
            <source>First meeting</source>
            <translation>First meeting</translation>
        </message>
        <message>
            <source>Safeguarding</source>
            <translation>Safeguarding</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
    </context>
    <context>
        <name>NetworkMap</name>
        <message>
            <source>Family</source>
            <translation>Family</translation>
        </message>
        <message>
            <source>Friends</source>
            <translation>Friends</translation>
        </message>
        <message>
            <source>Professionals</source>
            <translation>Professionals</translation>
        </message>
        <message>
            <source>Peers</source>
            <translation>Peers</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Network map</source>
            <translation>Network map</translation>
        </message>
        <message>
            <source>The person in the centre, their network around them by group</source>
            <translation>The person in the centre, their network around them by group</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Relationship</source>
            <translation>Relationship</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Group</translation>
        </message>
        <message>
            <source>Tie</source>
            <translation>Tie</translation>
        </message>
        <message>
            <source>the person (centre)</source>
            <translation>the person (centre)</translation>
        </message>
        <message>
            <source>inactive</source>
            <translation>inactive</translation>
        </message>
        <message>
            <source>active</source>
            <translation>active</translation>
        </message>
        <message>
            <source>Legend</source>
            <translation>Legend</translation>
        </message>
        <message>
            <source>Members on the map</source>
            <translation>Members on the map</translation>
        </message>
        <message>
            <source>The people on the network map: name, relationship, group</source>
            <translation>The people on the network map: name, relationship, group</translation>
        </message>
    </context>
    <context>
        <name>NoteDialogs</name>
        <message>
            <source>Add an addendum</source>
            <translation>Add an addendum</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Correction</source>
            <translation>Correction</translation>
        </message>
        <message>
            <source>Late information</source>
            <translation>Late information</translation>
        </message>
        <message>
            <source>Clarification</source>
            <translation>Clarification</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Addendum text</source>
            <translation>Addendum text</translation>
        </message>
        <message>
            <source>A signed note never changes. An addendum is added below it, with its reason.</source>
            <translation>A signed note never changes. An addendum is added below it, with its reason.</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>&amp;Reason</translation>
        </message>
        <message>
            <source>&amp;Text</source>
            <translation>&amp;Text</translation>
        </message>
        <message>
            <source>Co-sign</source>
            <translation>Co-sign</translation>
        </message>
        <message>
            <source>Note to co-sign</source>
            <translation>Note to co-sign</translation>
        </message>
        <message>
            <source>You were at the meeting: your co-signature confirms this colleague's note.</source>
            <translation>You were at the meeting: your co-signature confirms this colleague's note.</translation>
        </message>
        <message>
            <source>&amp;Note</source>
            <translation>&amp;Note</translation>
        </message>
    </context>
    <context>
        <name>NoteText</name>
        <message>
            <source>Network meeting</source>
            <translation>Network meeting</translation>
        </message>
        <message>
            <source>When</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>Where</translation>
        </message>
        <message>
            <source>facilitator</source>
            <translation>facilitator</translation>
        </message>
        <message>
            <source>Who came</source>
            <translation>Who came</translation>
        </message>
        <message>
            <source>Late entry</source>
            <translation>Late entry</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Voices</source>
            <translation>Voices</translation>
        </message>
        <message>
            <source>Reflections</source>
            <translation>Reflections</translation>
        </message>
        <message>
            <source>Options discussed</source>
            <translation>Options discussed</translation>
        </message>
        <message>
            <source>Agreements</source>
            <translation>Agreements</translation>
        </message>
        <message>
            <source>Uncertainties carried forward</source>
            <translation>Uncertainties carried forward</translation>
        </message>
        <message>
            <source>Safety</source>
            <translation>Safety</translation>
        </message>
        <message>
            <source>The safety section is hidden.</source>
            <translation>The safety section is hidden.</translation>
        </message>
        <message>
            <source>Safety was discussed openly.</source>
            <translation>Safety was discussed openly.</translation>
        </message>
        <message>
            <source>A safeguarding concern was raised.</source>
            <translation>A safeguarding concern was raised.</translation>
        </message>
        <message>
            <source>Next meeting</source>
            <translation>Next meeting</translation>
        </message>
        <message>
            <source>Signed by {who} at {when}</source>
            <translation>Signed by {who} at {when}</translation>
        </message>
        <message>
            <source>Co-signed by {who} at {when}</source>
            <translation>Co-signed by {who} at {when}</translation>
        </message>
        <message>
            <source>Awaiting co-signature by {who}</source>
            <translation>Awaiting co-signature by {who}</translation>
        </message>
        <message>
            <source>Addendum</source>
            <translation>Addendum</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(none)</translation>
        </message>
        <message>
            <source>{field} {old} → {new}</source>
            <translation>{field} {old} → {new}</translation>
        </message>
        <message>
            <source>Corrected on {when} by {who} because {reason}: {changes}</source>
            <translation>Corrected on {when} by {who} because {reason}: {changes}</translation>
        </message>
    </context>
    <context>
        <name>NoteView</name>
        <message>
            <source>the person</source>
            <translation>the person</translation>
        </message>
        <message>
            <source>network</source>
            <translation>network</translation>
        </message>
        <message>
            <source>practitioner</source>
            <translation>practitioner</translation>
        </message>
        <message>
            <source>peer worker</source>
            <translation>peer worker</translation>
        </message>
        <message>
            <source>other</source>
            <translation>other</translation>
        </message>
        <message>
            <source>facilitating</source>
            <translation>facilitating</translation>
        </message>
        <message>
            <source>invited, absent</source>
            <translation>invited, absent</translation>
        </message>
        <message>
            <source>Network meeting</source>
            <translation>Network meeting</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>Written by</source>
            <translation>Written by</translation>
        </message>
        <message>
            <source>signed</source>
            <translation>signed</translation>
        </message>
        <message>
            <source>late entry</source>
            <translation>late entry</translation>
        </message>
        <message>
            <source>Who came</source>
            <translation>Who came</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Voices</source>
            <translation>Voices</translation>
        </message>
        <message>
            <source>Reflections</source>
            <translation>Reflections</translation>
        </message>
        <message>
            <source>Options discussed</source>
            <translation>Options discussed</translation>
        </message>
        <message>
            <source>Agreements</source>
            <translation>Agreements</translation>
        </message>
        <message>
            <source>Uncertainties</source>
            <translation>Uncertainties</translation>
        </message>
        <message>
            <source>safety discussed</source>
            <translation>safety discussed</translation>
        </message>
        <message>
            <source>SAFEGUARDING CONCERN</source>
            <translation>SAFEGUARDING CONCERN</translation>
        </message>
        <message>
            <source>Safety</source>
            <translation>Safety</translation>
        </message>
        <message>
            <source>Next meeting</source>
            <translation>Next meeting</translation>
        </message>
        <message>
            <source>Addendum</source>
            <translation>Addendum</translation>
        </message>
    </context>
    <context>
        <name>PdfExport</name>
        <message>
            <source>name not recorded</source>
            <translation>name not recorded</translation>
        </message>
        <message>
            <source>NHS number {n}</source>
            <translation>NHS number {n}</translation>
        </message>
        <message>
            <source>NHS number not recorded</source>
            <translation>NHS number not recorded</translation>
        </message>
        <message>
            <source>born {date}</source>
            <translation>born {date}</translation>
        </message>
        <message>
            <source>date of birth not recorded</source>
            <translation>date of birth not recorded</translation>
        </message>
        <message>
            <source>Page {x} of {y}</source>
            <translation>Page {x} of {y}</translation>
        </message>
        <message>
            <source>the PDF could not be made</source>
            <translation>the PDF could not be made</translation>
        </message>
    </context>
    <context>
        <name>People</name>
        <message>
            <source>unknown person ({ref})</source>
            <translation>unknown person ({ref})</translation>
        </message>
    </context>
    <context>
        <name>RatingDialog</name>
        <message>
            <source>Rate this meeting's fidelity</source>
            <translation>Rate this meeting's fidelity</translation>
        </message>
    </context>
    <context>
        <name>RatingForm</name>
        <message>
            <source>Fidelity rating</source>
            <translation>Fidelity rating</translation>
        </message>
        <message>
            <source>Rating scale</source>
            <translation>Rating scale</translation>
        </message>
        <message>
            <source>S&amp;cale</source>
            <translation>S&amp;cale</translation>
        </message>
        <message>
            <source>Rater role</source>
            <translation>Rater role</translation>
        </message>
        <message>
            <source>Self-rating</source>
            <translation>Self-rating</translation>
        </message>
        <message>
            <source>Co-facilitator</source>
            <translation>Co-facilitator</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>Researcher</source>
            <translation>Researcher</translation>
        </message>
        <message>
            <source>Rating &amp;as</source>
            <translation>Rating &amp;as</translation>
        </message>
        <message>
            <source>You do not rate meetings of this team.</source>
            <translation>You do not rate meetings of this team.</translation>
        </message>
        <message>
            <source>A scale file could not be read: </source>
            <translation>A scale file could not be read: </translation>
        </message>
        <message>
            <source>No rating scales are installed.</source>
            <translation>No rating scales are installed.</translation>
        </message>
        <message>
            <source>Rating items</source>
            <translation>Rating items</translation>
        </message>
        <message>
            <source>Rating comment</source>
            <translation>Rating comment</translation>
        </message>
        <message>
            <source>Comment (optional)</source>
            <translation>Comment (optional)</translation>
        </message>
        <message>
            <source>Co&amp;mment</source>
            <translation>Co&amp;mment</translation>
        </message>
        <message>
            <source>Save ra&amp;ting</source>
            <translation>Save ra&amp;ting</translation>
        </message>
        <message>
            <source>Save rating</source>
            <translation>Save rating</translation>
        </message>
        <message>
            <source>not rated</source>
            <translation>not rated</translation>
        </message>
        <message>
            <source>Rating not saved</source>
            <translation>Rating not saved</translation>
        </message>
        <message>
            <source>Rating saved.</source>
            <translation>Rating saved.</translation>
        </message>
    </context>
    <context>
        <name>ReadBack</name>
        <message>
            <source>Read back</source>
            <translation>Read back</translation>
        </message>
        <message>
            <source>The note, in large print</source>
            <translation>The note, in large print</translation>
        </message>
        <message>
            <source>Close read back</source>
            <translation>Close read back</translation>
        </message>
        <message>
            <source>The safety section is shown to everyone who can see this screen.</source>
            <translation>The safety section is shown to everyone who can see this screen.</translation>
        </message>
        <message>
            <source>&amp;Hide the safety section</source>
            <translation>&amp;Hide the safety section</translation>
        </message>
        <message>
            <source>Hide the safety section</source>
            <translation>Hide the safety section</translation>
        </message>
        <message>
            <source>The safety section is hidden: it may hold what some people in the room should not hear, such as a safeguarding concern.</source>
            <translation>The safety section is hidden: it may hold what some people in the room should not hear, such as a safeguarding concern.</translation>
        </message>
        <message>
            <source>&amp;Show the safety section…</source>
            <translation>&amp;Show the safety section…</translation>
        </message>
        <message>
            <source>Show the safety section</source>
            <translation>Show the safety section</translation>
        </message>
        <message>
            <source>Safety section warning</source>
            <translation>Safety section warning</translation>
        </message>
        <message>
            <source>Everyone who can see this screen will read the safety section, including any safeguarding concern.</source>
            <translation>Everyone who can see this screen will read the safety section, including any safeguarding concern.</translation>
        </message>
        <message>
            <source>Not to be shared with: {names}.</source>
            <translation>Not to be shared with: {names}.</translation>
        </message>
        <message>
            <source>Show the safety section?</source>
            <translation>Show the safety section?</translation>
        </message>
        <message>
            <source>&amp;Show it</source>
            <translation>&amp;Show it</translation>
        </message>
        <message>
            <source>&amp;Keep it hidden</source>
            <translation>&amp;Keep it hidden</translation>
        </message>
        <message>
            <source>Keep the safety section hidden</source>
            <translation>Keep the safety section hidden</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialogs</name>
        <message>
            <source>Error</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>&amp;Reason</translation>
        </message>
        <message>
            <source>A reason is needed.</source>
            <translation>A reason is needed.</translation>
        </message>
    </context>
    <context>
        <name>RecordDocument</name>
        <message>
            <source>Everything odesk holds on this device about this person and their network, produced {when} by {who}.</source>
            <translation>Everything odesk holds on this device about this person and their network, produced {when} by {who}.</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Preferred name</source>
            <translation>Preferred name</translation>
        </message>
        <message>
            <source>Pronouns</source>
            <translation>Pronouns</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>NHS number</source>
            <translation>NHS number</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Referral</source>
            <translation>Referral</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Reason for closing</source>
            <translation>Reason for closing</translation>
        </message>
        <message>
            <source>Key practitioners</source>
            <translation>Key practitioners</translation>
        </message>
        <message>
            <source>What may be shared</source>
            <translation>What may be shared</translation>
        </message>
        <message>
            <source>The network</source>
            <translation>The network</translation>
        </message>
        <message>
            <source>Relationship</source>
            <translation>Relationship</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Group</translation>
        </message>
        <message>
            <source>May share</source>
            <translation>May share</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>no</source>
            <translation>no</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>No members recorded.</source>
            <translation>No members recorded.</translation>
        </message>
        <message>
            <source>Meetings</source>
            <translation>Meetings</translation>
        </message>
        <message>
            <source>No meetings recorded.</source>
            <translation>No meetings recorded.</translation>
        </message>
        <message>
            <source>Meeting of {when} ({status})</source>
            <translation>Meeting of {when} ({status})</translation>
        </message>
        <message>
            <source>No note of this meeting.</source>
            <translation>No note of this meeting.</translation>
        </message>
        <message>
            <source>Note by {who}</source>
            <translation>Note by {who}</translation>
        </message>
        <message>
            <source>Draft, not signed.</source>
            <translation>Draft, not signed.</translation>
        </message>
        <message>
            <source>Review by {who}, {when}: {status}</source>
            <translation>Review by {who}, {when}: {status}</translation>
        </message>
        <message numerus="yes">
            <source>Fidelity rating by {who} ({role}), %n item(s) scored</source>
            <translation>
                <numerusform>Fidelity rating by {who} ({role}), %n item scored</numerusform>
                <numerusform>Fidelity rating by {who} ({role}), %n items scored</numerusform>
            </translation>
        </message>
        <message>
            <source>Supervision sessions that discussed this network</source>
            <translation>Supervision sessions that discussed this network</translation>
        </message>
        <message>
            <source>Inner reflections</source>
            <translation>Inner reflections</translation>
        </message>
        <message>
            <source>Outer reflections</source>
            <translation>Outer reflections</translation>
        </message>
        <message>
            <source>Actions</source>
            <translation>Actions</translation>
        </message>
        <message>
            <source>Meetings removed</source>
            <translation>Meetings removed</translation>
        </message>
        <message>
            <source>Meeting of {when}, removed {at} by {who}: {reason}</source>
            <translation>Meeting of {when}, removed {at} by {who}: {reason}</translation>
        </message>
        <message>
            <source>no time</source>
            <translation>no time</translation>
        </message>
        <message>
            <source>no reason recorded</source>
            <translation>no reason recorded</translation>
        </message>
        <message>
            <source>Changes the server refused, kept on this laptop</source>
            <translation>Changes the server refused, kept on this laptop</translation>
        </message>
        <message>
            <source>{what}, written {when} by {who}: {reason}</source>
            <translation>{what}, written {when} by {who}: {reason}</translation>
        </message>
        <message>
            <source>Record of {name}</source>
            <translation>Record of {name}</translation>
        </message>
    </context>
    <context>
        <name>Records</name>
        <message>
            <source>referral</source>
            <translation>referral</translation>
        </message>
        <message>
            <source>network member</source>
            <translation>network member</translation>
        </message>
        <message>
            <source>meeting</source>
            <translation>meeting</translation>
        </message>
        <message>
            <source>note</source>
            <translation>note</translation>
        </message>
        <message>
            <source>addendum</source>
            <translation>addendum</translation>
        </message>
        <message>
            <source>review</source>
            <translation>review</translation>
        </message>
        <message>
            <source>rating</source>
            <translation>rating</translation>
        </message>
        <message>
            <source>supervision session</source>
            <translation>supervision session</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Relationship</source>
            <translation>Relationship</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Group</translation>
        </message>
        <message>
            <source>May share</source>
            <translation>May share</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>no</source>
            <translation>no</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>meeting correction</source>
            <translation>meeting correction</translation>
        </message>
        <message>
            <source>Family</source>
            <translation>Family</translation>
        </message>
        <message>
            <source>Friends</source>
            <translation>Friends</translation>
        </message>
        <message>
            <source>Professionals</source>
            <translation>Professionals</translation>
        </message>
        <message>
            <source>Peers</source>
            <translation>Peers</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Planned</source>
            <translation>Planned</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>Held</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Did not attend</source>
            <translation>Did not attend</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>Home</translation>
        </message>
        <message>
            <source>Clinic</source>
            <translation>Clinic</translation>
        </message>
        <message>
            <source>Community</source>
            <translation>Community</translation>
        </message>
        <message>
            <source>Video</source>
            <translation>Video</translation>
        </message>
        <message>
            <source>When</source>
            <translation>When</translation>
        </message>
        <message>
            <source>time not set</source>
            <translation>time not set</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>Where</translation>
        </message>
        <message>
            <source>People</source>
            <translation>People</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>refused by the server, taken back: {reason}</source>
            <translation>refused by the server, taken back: {reason}</translation>
        </message>
        <message>
            <source>removed: {reason}</source>
            <translation>removed: {reason}</translation>
        </message>
        <message>
            <source>deleted</source>
            <translation>deleted</translation>
        </message>
        <message>
            <source>merged</source>
            <translation>merged</translation>
        </message>
        <message>
            <source>created</source>
            <translation>created</translation>
        </message>
        <message>
            <source>signed</source>
            <translation>signed</translation>
        </message>
        <message>
            <source>meeting corrected: {reason}</source>
            <translation>meeting corrected: {reason}</translation>
        </message>
        <message>
            <source>changed</source>
            <translation>changed</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Who</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>Revision</translation>
        </message>
    </context>
    <context>
        <name>Recovery</name>
        <message>
            <source>Unlock with the recovery key</source>
            <translation>Unlock with the recovery key</translation>
        </message>
        <message>
            <source>Recovery key</source>
            <translation>Recovery key</translation>
        </message>
        <message>
            <source>New passphrase</source>
            <translation>New passphrase</translation>
        </message>
        <message>
            <source>New passphrase again</source>
            <translation>New passphrase again</translation>
        </message>
        <message>
            <source>Unlocking</source>
            <translation>Unlocking</translation>
        </message>
        <message>
            <source>Recovery error</source>
            <translation>Recovery error</translation>
        </message>
        <message>
            <source>Type the recovery key you kept, and choose a new passphrase.</source>
            <translation>Type the recovery key you kept, and choose a new passphrase.</translation>
        </message>
        <message>
            <source>Recovery &amp;key</source>
            <translation>Recovery &amp;key</translation>
        </message>
        <message>
            <source>&amp;New passphrase</source>
            <translation>&amp;New passphrase</translation>
        </message>
        <message>
            <source>&amp;Again</source>
            <translation>&amp;Again</translation>
        </message>
        <message>
            <source>The two passphrases differ.</source>
            <translation>The two passphrases differ.</translation>
        </message>
        <message>
            <source>The new passphrase is too easy to guess; make it longer.</source>
            <translation>The new passphrase is too easy to guess; make it longer.</translation>
        </message>
        <message>
            <source>Type the recovery key.</source>
            <translation>Type the recovery key.</translation>
        </message>
    </context>
    <context>
        <name>ReferralClock</name>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n day</numerusform>
                <numerusform>%n days</numerusform>
            </translation>
        </message>
        <message>
            <source>{h} h</source>
            <translation>{h} h</translation>
        </message>
        <message>
            <source>{h} h {m} min {s} s</source>
            <translation>{h} h {m} min {s} s</translation>
        </message>
    </context>
    <context>
        <name>Refused</name>
        <message>
            <source>This note was already signed, and a signed note never changes. Add an addendum to correct it or add to it.</source>
            <translation>This note was already signed, and a signed note never changes. Add an addendum to correct it or add to it.</translation>
        </message>
        <message>
            <source>Only the practitioner who wrote this note can change it.</source>
            <translation>Only the practitioner who wrote this note can change it.</translation>
        </message>
        <message>
            <source>An addendum cannot change once written; add another one.</source>
            <translation>An addendum cannot change once written; add another one.</translation>
        </message>
        <message>
            <source>The author of a note cannot co-sign it.</source>
            <translation>The author of a note cannot co-sign it.</translation>
        </message>
        <message>
            <source>A colleague co-signs from their own laptop; a co-signature cannot be added for someone else.</source>
            <translation>A colleague co-signs from their own laptop; a co-signature cannot be added for someone else.</translation>
        </message>
        <message>
            <source>A colleague signed a note of this meeting before your change reached the server, so the meeting's {facts} are part of what was signed. Turn your change into a meeting correction to record it, with the reason.</source>
            <translation>A colleague signed a note of this meeting before your change reached the server, so the meeting's {facts} are part of what was signed. Turn your change into a meeting correction to record it, with the reason.</translation>
        </message>
        <message>
            <source>A note of this meeting is signed, so the meeting stays. Record a meeting correction if it did not take place as written.</source>
            <translation>A note of this meeting is signed, so the meeting stays. Record a meeting correction if it did not take place as written.</translation>
        </message>
        <message>
            <source>A meeting correction cannot change once written; add another correction.</source>
            <translation>A meeting correction cannot change once written; add another correction.</translation>
        </message>
        <message>
            <source>The co-signature's time is wrong (in the future, or before the note was signed). Check this laptop's clock and co-sign again.</source>
            <translation>The co-signature's time is wrong (in the future, or before the note was signed). Check this laptop's clock and co-sign again.</translation>
        </message>
        <message>
            <source>A co-signature cannot be taken off a note.</source>
            <translation>A co-signature cannot be taken off a note.</translation>
        </message>
        <message>
            <source>You are not a practitioner of the team this record belongs to. Check the network's team, or ask the service manager to add you to that team.</source>
            <translation>You are not a practitioner of the team this record belongs to. Check the network's team, or ask the service manager to add you to that team.</translation>
        </message>
        <message>
            <source>Only a supervisor of the team can write this.</source>
            <translation>Only a supervisor of the team can write this.</translation>
        </message>
        <message>
            <source>Your role in the team does not allow this kind of rating.</source>
            <translation>Your role in the team does not allow this kind of rating.</translation>
        </message>
        <message>
            <source>It belongs to a record the server does not have yet (its network or note). Send it again once that record has been sent.</source>
            <translation>It belongs to a record the server does not have yet (its network or note). Send it again once that record has been sent.</translation>
        </message>
        <message>
            <source>It refers to a network of another team.</source>
            <translation>It refers to a network of another team.</translation>
        </message>
        <message>
            <source>A note can be reviewed only once it is signed.</source>
            <translation>A note can be reviewed only once it is signed.</translation>
        </message>
        <message>
            <source>It was made under another person's name on this laptop. Ask the trust's IT team before sending it again.</source>
            <translation>It was made under another person's name on this laptop. Ask the trust's IT team before sending it again.</translation>
        </message>
        <message>
            <source>The server holds a different version under the same name. Send it again to make a new version.</source>
            <translation>The server holds a different version under the same name. Send it again to make a new version.</translation>
        </message>
        <message>
            <source>“{field}” cannot change once it is set.</source>
            <translation>“{field}” cannot change once it is set.</translation>
        </message>
        <message>
            <source>“{field}” {problem}.</source>
            <translation>“{field}” {problem}.</translation>
        </message>
        <message>
            <source>The server did not accept this change: {reason}</source>
            <translation>The server did not accept this change: {reason}</translation>
        </message>
        <message>
            <source>no reason given</source>
            <translation>no reason given</translation>
        </message>
        <message>
            <source>Referral and person</source>
            <translation>Referral and person</translation>
        </message>
        <message>
            <source>Network member</source>
            <translation>Network member</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Addendum</source>
            <translation>Addendum</translation>
        </message>
        <message>
            <source>Fidelity rating</source>
            <translation>Fidelity rating</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Supervision session</source>
            <translation>Supervision session</translation>
        </message>
        <message>
            <source>Meeting correction</source>
            <translation>Meeting correction</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>of {date}</source>
            <translation>of {date}</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Changes the server refused</source>
            <translation>Changes the server refused</translation>
        </message>
        <message>
            <source>&amp;Open record</source>
            <translation>&amp;Open record</translation>
        </message>
        <message>
            <source>Open the refused record</source>
            <translation>Open the refused record</translation>
        </message>
        <message>
            <source>Send &amp;again</source>
            <translation>Send &amp;again</translation>
        </message>
        <message>
            <source>Send the refused change again</source>
            <translation>Send the refused change again</translation>
        </message>
        <message>
            <source>Turn into a meeting &amp;correction…</source>
            <translation>Turn into a meeting &amp;correction…</translation>
        </message>
        <message>
            <source>Turn the refused meeting change into a meeting correction</source>
            <translation>Turn the refused meeting change into a meeting correction</translation>
        </message>
        <message>
            <source>&amp;Discard…</source>
            <translation>&amp;Discard…</translation>
        </message>
        <message>
            <source>Discard the refused change</source>
            <translation>Discard the refused change</translation>
        </message>
        <message>
            <source>The chosen refused change</source>
            <translation>The chosen refused change</translation>
        </message>
        <message>
            <source>Refused changes status</source>
            <translation>Refused changes status</translation>
        </message>
        <message>
            <source>Open a refused change to fix it where it was made, then send it again; or discard it to keep the server's version (your text stays in the history).</source>
            <translation>Open a refused change to fix it where it was made, then send it again; or discard it to keep the server's version (your text stays in the history).</translation>
        </message>
        <message>
            <source>Not sent again: {error}</source>
            <translation>Not sent again: {error}</translation>
        </message>
        <message>
            <source>{what}: sent again at the next sync.</source>
            <translation>{what}: sent again at the next sync.</translation>
        </message>
        <message>
            <source>Discard this change?</source>
            <translation>Discard this change?</translation>
        </message>
        <message>
            <source>{what}: this laptop will show it as the server has it. What you wrote is not lost: it stays in the network's history on this laptop, marked as refused.</source>
            <translation>{what}: this laptop will show it as the server has it. What you wrote is not lost: it stays in the network's history on this laptop, marked as refused.</translation>
        </message>
        <message>
            <source>Not discarded: {error}</source>
            <translation>Not discarded: {error}</translation>
        </message>
        <message>
            <source>{what}: discarded; the server's version is shown.</source>
            <translation>{what}: discarded; the server's version is shown.</translation>
        </message>
        <message>
            <source>Correction not saved: {error}</source>
            <translation>Correction not saved: {error}</translation>
        </message>
        <message>
            <source>{what}: recorded as a meeting correction.</source>
            <translation>{what}: recorded as a meeting correction.</translation>
        </message>
    </context>
    <context>
        <name>ReviewCommentsWidget</name>
        <message>
            <source>Seen</source>
            <translation>Seen</translation>
        </message>
        <message>
            <source>For supervision</source>
            <translation>For supervision</translation>
        </message>
        <message>
            <source>Discussed</source>
            <translation>Discussed</translation>
        </message>
        <message>
            <source>Supervisor reviews of this note</source>
            <translation>Supervisor reviews of this note</translation>
        </message>
        <message>
            <source>Supervisor reviews</source>
            <translation>Supervisor reviews</translation>
        </message>
        <message>
            <source>No supervisor review yet.</source>
            <translation>No supervisor review yet.</translation>
        </message>
    </context>
    <context>
        <name>ReviewDialog</name>
        <message>
            <source>Review note</source>
            <translation>Review note</translation>
        </message>
        <message>
            <source>Review and rating</source>
            <translation>Review and rating</translation>
        </message>
        <message>
            <source>Signed note, read-only</source>
            <translation>Signed note, read-only</translation>
        </message>
        <message>
            <source>My review</source>
            <translation>My review</translation>
        </message>
        <message>
            <source>S&amp;een</source>
            <translation>S&amp;een</translation>
        </message>
        <message>
            <source>&amp;For supervision</source>
            <translation>&amp;For supervision</translation>
        </message>
        <message>
            <source>&amp;Discussed</source>
            <translation>&amp;Discussed</translation>
        </message>
        <message>
            <source>Review comment</source>
            <translation>Review comment</translation>
        </message>
        <message>
            <source>Comment for the author (optional)</source>
            <translation>Comment for the author (optional)</translation>
        </message>
        <message>
            <source>Co&amp;mment</source>
            <translation>Co&amp;mment</translation>
        </message>
        <message>
            <source>Safeguarding concern &amp;addressed</source>
            <translation>Safeguarding concern &amp;addressed</translation>
        </message>
        <message>
            <source>Safeguarding concern addressed</source>
            <translation>Safeguarding concern addressed</translation>
        </message>
        <message>
            <source>Ends the safeguarding flag on this network once the review is saved</source>
            <translation>Ends the safeguarding flag on this network once the review is saved</translation>
        </message>
        <message>
            <source>&amp;Note</source>
            <translation>&amp;Note</translation>
        </message>
        <message>
            <source>&amp;Rate the meeting</source>
            <translation>&amp;Rate the meeting</translation>
        </message>
        <message>
            <source>&amp;Save review</source>
            <translation>&amp;Save review</translation>
        </message>
        <message>
            <source>Save review</source>
            <translation>Save review</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>The rating you are writing is not saved.</source>
            <translation>The rating you are writing is not saved.</translation>
        </message>
        <message>
            <source>Your review is not saved.</source>
            <translation>Your review is not saved.</translation>
        </message>
        <message>
            <source>Save before closing?</source>
            <translation>Save before closing?</translation>
        </message>
        <message>
            <source>Save and close</source>
            <translation>Save and close</translation>
        </message>
        <message>
            <source>Discard and close</source>
            <translation>Discard and close</translation>
        </message>
        <message>
            <source>Go back to the review</source>
            <translation>Go back to the review</translation>
        </message>
        <message>
            <source>Review not saved</source>
            <translation>Review not saved</translation>
        </message>
    </context>
    <context>
        <name>ReviewQueueModel</name>
        <message>
            <source>Signed</source>
            <translation>Signed</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Practitioner</source>
            <translation>Practitioner</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Network</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>My review</source>
            <translation>My review</translation>
        </message>
        <message>
            <source>Safeguarding</source>
            <translation>Safeguarding</translation>
        </message>
        <message>
            <source>not reviewed</source>
            <translation>not reviewed</translation>
        </message>
        <message>
            <source>seen</source>
            <translation>seen</translation>
        </message>
        <message>
            <source>for supervision</source>
            <translation>for supervision</translation>
        </message>
        <message>
            <source>discussed</source>
            <translation>discussed</translation>
        </message>
    </context>
    <context>
        <name>ReviewQueuePage</name>
        <message>
            <source>Review queue</source>
            <translation>Review queue</translation>
        </message>
        <message>
            <source>Loading the review queue…</source>
            <translation>Loading the review queue…</translation>
        </message>
        <message>
            <source>Filter by team or podlet</source>
            <translation>Filter by team or podlet</translation>
        </message>
        <message>
            <source>Tea&amp;m</source>
            <translation>Tea&amp;m</translation>
        </message>
        <message>
            <source>Filter by practitioner</source>
            <translation>Filter by practitioner</translation>
        </message>
        <message>
            <source>&amp;Practitioner</source>
            <translation>&amp;Practitioner</translation>
        </message>
        <message>
            <source>Show notes I have &amp;reviewed</source>
            <translation>Show notes I have &amp;reviewed</translation>
        </message>
        <message>
            <source>Show notes I have reviewed</source>
            <translation>Show notes I have reviewed</translation>
        </message>
        <message>
            <source>Only open s&amp;afeguarding concerns</source>
            <translation>Only open s&amp;afeguarding concerns</translation>
        </message>
        <message>
            <source>Show only notes with an open safeguarding concern</source>
            <translation>Show only notes with an open safeguarding concern</translation>
        </message>
        <message>
            <source>Signed notes waiting for review</source>
            <translation>Signed notes waiting for review</translation>
        </message>
        <message>
            <source>Notes waiting</source>
            <translation>Notes waiting</translation>
        </message>
        <message>
            <source>&amp;Open note</source>
            <translation>&amp;Open note</translation>
        </message>
        <message>
            <source>Open the selected note</source>
            <translation>Open the selected note</translation>
        </message>
        <message>
            <source>R&amp;efresh</source>
            <translation>R&amp;efresh</translation>
        </message>
        <message>
            <source>Refresh the review queue</source>
            <translation>Refresh the review queue</translation>
        </message>
        <message>
            <source>All my teams</source>
            <translation>All my teams</translation>
        </message>
        <message>
            <source>All practitioners</source>
            <translation>All practitioners</translation>
        </message>
        <message>
            <source>The review queue could not be read: %1</source>
            <translation>The review queue could not be read: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n note(s) shown</source>
            <translation>
                <numerusform>%n note shown</numerusform>
                <numerusform>%n notes shown</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Safeguarding</name>
        <message>
            <source>Safeguarding concern</source>
            <translation>Safeguarding concern</translation>
        </message>
        <message>
            <source>Concern</source>
            <translation>Concern</translation>
        </message>
        <message numerus="yes">
            <source>Open safeguarding concern in %n note(s), until a supervisor's review marks it addressed</source>
            <translation>
                <numerusform>Open safeguarding concern in %n note, until a supervisor's review marks it addressed</numerusform>
                <numerusform>Open safeguarding concern in %n notes, until a supervisor's review marks it addressed</numerusform>
            </translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>Warning</translation>
        </message>
    </context>
    <context>
        <name>Search</name>
        <message>
            <source>Person</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>Network member</source>
            <translation>Network member</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Addendum</source>
            <translation>Addendum</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>Rating</translation>
        </message>
        <message>
            <source>Supervision</source>
            <translation>Supervision</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Search</translation>
        </message>
        <message>
            <source>Search text</source>
            <translation>Search text</translation>
        </message>
        <message>
            <source>Names and note text…</source>
            <translation>Names and note text…</translation>
        </message>
        <message>
            <source>Search results</source>
            <translation>Search results</translation>
        </message>
        <message>
            <source>Number of results</source>
            <translation>Number of results</translation>
        </message>
        <message>
            <source>&amp;Find</source>
            <translation>&amp;Find</translation>
        </message>
        <message numerus="yes">
            <source>%n found</source>
            <translation>
                <numerusform>%n found</numerusform>
                <numerusform>%n found</numerusform>
            </translation>
        </message>
        <message>
            <source>Nothing found</source>
            <translation>Nothing found</translation>
        </message>
    </context>
    <context>
        <name>SupervisionForm</name>
        <message>
            <source>Supervision session: %1</source>
            <translation>Supervision session: %1</translation>
        </message>
        <message>
            <source>Supervision session</source>
            <translation>Supervision session</translation>
        </message>
        <message>
            <source>Date and time of the session</source>
            <translation>Date and time of the session</translation>
        </message>
        <message>
            <source>&amp;When</source>
            <translation>&amp;When</translation>
        </message>
        <message>
            <source>Facilitator</source>
            <translation>Facilitator</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>Attendees</translation>
        </message>
        <message>
            <source>&amp;Facilitator</source>
            <translation>&amp;Facilitator</translation>
        </message>
        <message>
            <source>&amp;Attendees</source>
            <translation>&amp;Attendees</translation>
        </message>
        <message>
            <source>Networks discussed</source>
            <translation>Networks discussed</translation>
        </message>
        <message>
            <source>&amp;Networks discussed</source>
            <translation>&amp;Networks discussed</translation>
        </message>
        <message>
            <source>Inner reflections</source>
            <translation>Inner reflections</translation>
        </message>
        <message>
            <source>The practitioners who work with the family</source>
            <translation>The practitioners who work with the family</translation>
        </message>
        <message>
            <source>&amp;Inner reflections</source>
            <translation>&amp;Inner reflections</translation>
        </message>
        <message>
            <source>Outer reflections</source>
            <translation>Outer reflections</translation>
        </message>
        <message>
            <source>The wider team, on fidelity to the model</source>
            <translation>The wider team, on fidelity to the model</translation>
        </message>
        <message>
            <source>&amp;Outer reflections</source>
            <translation>&amp;Outer reflections</translation>
        </message>
        <message>
            <source>Actions</source>
            <translation>Actions</translation>
        </message>
        <message>
            <source>A&amp;ctions</source>
            <translation>A&amp;ctions</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Session not saved</source>
            <translation>Session not saved</translation>
        </message>
    </context>
    <context>
        <name>SupervisionModel</name>
        <message>
            <source>When</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Facilitator</source>
            <translation>Facilitator</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>Attendees</translation>
        </message>
        <message>
            <source>Networks</source>
            <translation>Networks</translation>
        </message>
        <message>
            <source>Actions</source>
            <translation>Actions</translation>
        </message>
    </context>
    <context>
        <name>SupervisionPage</name>
        <message>
            <source>Supervision sessions</source>
            <translation>Supervision sessions</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Tea&amp;m</source>
            <translation>Tea&amp;m</translation>
        </message>
        <message>
            <source>&amp;New session…</source>
            <translation>&amp;New session…</translation>
        </message>
        <message>
            <source>Record a new supervision session</source>
            <translation>Record a new supervision session</translation>
        </message>
        <message>
            <source>Supervision sessions of the team</source>
            <translation>Supervision sessions of the team</translation>
        </message>
    </context>
    <context>
        <name>Supervisor</name>
        <message>
            <source>Review queue</source>
            <translation>Review queue</translation>
        </message>
        <message>
            <source>Supervision</source>
            <translation>Supervision</translation>
        </message>
        <message>
            <source>Team dashboard</source>
            <translation>Team dashboard</translation>
        </message>
    </context>
    <context>
        <name>SupervisorCharts</name>
        <message>
            <source>Referral to first meeting (hours)</source>
            <translation>Referral to first meeting (hours)</translation>
        </message>
        <message>
            <source>%1% within target</source>
            <translation>%1% within target</translation>
        </message>
        <message>
            <source>hours</source>
            <translation>hours</translation>
        </message>
        <message>
            <source>24 h target</source>
            <translation>24 h target</translation>
        </message>
        <message>
            <source>4 h target (very urgent)</source>
            <translation>4 h target (very urgent)</translation>
        </message>
        <message>
            <source>Meetings per network per month</source>
            <translation>Meetings per network per month</translation>
        </message>
        <message>
            <source>meetings per network met</source>
            <translation>meetings per network met</translation>
        </message>
        <message>
            <source>meetings</source>
            <translation>meetings</translation>
        </message>
        <message>
            <source>Continuity: meetings with a key practitioner (%)</source>
            <translation>Continuity: meetings with a key practitioner (%)</translation>
        </message>
        <message>
            <source>% of meetings</source>
            <translation>% of meetings</translation>
        </message>
        <message>
            <source>Network attendance: members (not professionals) per meeting</source>
            <translation>Network attendance: members (not professionals) per meeting</translation>
        </message>
        <message>
            <source>per meeting</source>
            <translation>per meeting</translation>
        </message>
        <message>
            <source>attendees</source>
            <translation>attendees</translation>
        </message>
        <message>
            <source>Fidelity: mean item score per month</source>
            <translation>Fidelity: mean item score per month</translation>
        </message>
        <message>
            <source>mean score</source>
            <translation>mean score</translation>
        </message>
    </context>
    <context>
        <name>Sync</name>
        <message>
            <source>never reached; the trust allows {limit} days offline</source>
            <translation>never reached; the trust allows {limit} days offline</translation>
        </message>
        <message numerus="yes">
            <source>last reached %n day(s) ago; the trust allows {limit} days offline</source>
            <translation>
                <numerusform>last reached %n day ago; the trust allows {limit} days offline</numerusform>
                <numerusform>last reached %n days ago; the trust allows {limit} days offline</numerusform>
            </translation>
        </message>
        <message>
            <source>Not connected to a trust server</source>
            <translation>Not connected to a trust server</translation>
        </message>
        <message>
            <source>Trust server not reachable; working offline</source>
            <translation>Trust server not reachable; working offline</translation>
        </message>
        <message>
            <source>Connect to a trust server first (Settings)</source>
            <translation>Connect to a trust server first (Settings)</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <source>Synced: {sent} sent, {received} received, {conflicts} in conflict, {refused} refused, {duplicates} already on the server</source>
            <translation>Synced: {sent} sent, {received} received, {conflicts} in conflict, {refused} refused, {duplicates} already on the server</translation>
        </message>
        <message>
            <source>The trust has withdrawn this laptop's access (it may have been reported lost). For safety its local records have been erased. Anything already sent to the trust server is safe. Ask your administrator for a new enrolment code.</source>
            <translation>The trust has withdrawn this laptop's access (it may have been reported lost). For safety its local records have been erased. Anything already sent to the trust server is safe. Ask your administrator for a new enrolment code.</translation>
        </message>
        <message>
            <source>This laptop must be connected again: ask the trust for a new enrolment code, then Settings, Connect (everything on this laptop is kept)</source>
            <translation>This laptop must be connected again: ask the trust for a new enrolment code, then Settings, Connect (everything on this laptop is kept)</translation>
        </message>
        <message>
            <source>Sync failed: {error}</source>
            <translation>Sync failed: {error}</translation>
        </message>
    </context>
    <context>
        <name>TeamReport</name>
        <message>
            <source>Period: {period}</source>
            <translation>Period: {period}</translation>
        </message>
        <message>
            <source>Networks: {networks} ({open} open)</source>
            <translation>Networks: {networks} ({open} open)</translation>
        </message>
        <message>
            <source>Referrals received: {n}; first meeting held for {held}</source>
            <translation>Referrals received: {n}; first meeting held for {held}</translation>
        </message>
        <message>
            <source>First meeting within target (24 h; 4 h if very urgent): {met} of {held} ({share}); missed {missed}; recorded before the referral {before}</source>
            <translation>First meeting within target (24 h; 4 h if very urgent): {met} of {held} ({share}); missed {missed}; recorded before the referral {before}</translation>
        </message>
        <message>
            <source>Median hours from referral to first meeting: {hours}</source>
            <translation>Median hours from referral to first meeting: {hours}</translation>
        </message>
        <message>
            <source>No first meeting yet: {waiting} waiting, {overdue} overdue; closed without a meeting: {closed}</source>
            <translation>No first meeting yet: {waiting} waiting, {overdue} overdue; closed without a meeting: {closed}</translation>
        </message>
        <message>
            <source>Meetings held: {held} with {networks} networks (cancelled {cancelled}, did not attend {dna})</source>
            <translation>Meetings held: {held} with {networks} networks (cancelled {cancelled}, did not attend {dna})</translation>
        </message>
        <message>
            <source>Median days between meetings: {days}</source>
            <translation>Median days between meetings: {days}</translation>
        </message>
        <message>
            <source>Meetings with reflections recorded in a signed note: {n} ({share})</source>
            <translation>Meetings with reflections recorded in a signed note: {n} ({share})</translation>
        </message>
        <message>
            <source>Venues: {venues}</source>
            <translation>Venues: {venues}</translation>
        </message>
        <message>
            <source>Meetings with a key practitioner present: {n} of {of} ({share})</source>
            <translation>Meetings with a key practitioner present: {n} of {of} ({share})</translation>
        </message>
        <message>
            <source>Distinct staff per network (mean): {mean}</source>
            <translation>Distinct staff per network (mean): {mean}</translation>
        </message>
        <message>
            <source>Network members (not professionals) per meeting: {per}; meetings with any: {share}</source>
            <translation>Network members (not professionals) per meeting: {per}; meetings with any: {share}</translation>
        </message>
        <message>
            <source>Meetings with two or more practitioners: {two}; with a peer worker: {peer}</source>
            <translation>Meetings with two or more practitioners: {two}; with a peer worker: {peer}</translation>
        </message>
        <message>
            <source>Fidelity ratings: {n}</source>
            <translation>Fidelity ratings: {n}</translation>
        </message>
        <message>
            <source>n/a</source>
            <translation>n/a</translation>
        </message>
        <message>
            <source>none</source>
            <translation>none</translation>
        </message>
    </context>
    <context>
        <name>TeamReportPdf</name>
        <message>
            <source>%1 to %2</source>
            <translation>%1 to %2</translation>
        </message>
        <message>
            <source>Team report: %1, %2</source>
            <translation>Team report: %1, %2</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>Figures as of</source>
            <translation>Figures as of</translation>
        </message>
    </context>
    <context>
        <name>Unlock</name>
        <message>
            <source>odesk is locked</source>
            <translation>odesk is locked</translation>
        </message>
        <message>
            <source>Notice</source>
            <translation>Notice</translation>
        </message>
        <message>
            <source>&amp;Passphrase</source>
            <translation>&amp;Passphrase</translation>
        </message>
        <message>
            <source>Passphrase</source>
            <translation>Passphrase</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>&amp;Unlock</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>Unlocking</source>
            <translation>Unlocking</translation>
        </message>
        <message>
            <source>Unlock error</source>
            <translation>Unlock error</translation>
        </message>
        <message>
            <source>Forgot the passphrase? Use the &amp;recovery key…</source>
            <translation>Forgot the passphrase? Use the &amp;recovery key…</translation>
        </message>
        <message>
            <source>Use the recovery key</source>
            <translation>Use the recovery key</translation>
        </message>
        <message>
            <source>Type your passphrase.</source>
            <translation>Type your passphrase.</translation>
        </message>
        <message>
            <source>That passphrase is not right. Try again.</source>
            <translation>That passphrase is not right. Try again.</translation>
        </message>
    </context>
    <context>
        <name>Wizard</name>
        <message>
            <source>too weak</source>
            <translation>too weak</translation>
        </message>
        <message>
            <source>weak</source>
            <translation>weak</translation>
        </message>
        <message>
            <source>fair</source>
            <translation>fair</translation>
        </message>
        <message>
            <source>good</source>
            <translation>good</translation>
        </message>
        <message>
            <source>strong</source>
            <translation>strong</translation>
        </message>
        <message>
            <source>Choose a passphrase</source>
            <translation>Choose a passphrase</translation>
        </message>
        <message>
            <source>It protects every record on this laptop. Use several words you will remember.</source>
            <translation>It protects every record on this laptop. Use several words you will remember.</translation>
        </message>
        <message>
            <source>&lt;b&gt;Nobody can recover this passphrase.&lt;/b&gt; If you forget it and have no recovery key, the records on this laptop cannot be opened (records already sent to the trust server are safe).</source>
            <translation>&lt;b&gt;Nobody can recover this passphrase.&lt;/b&gt; If you forget it and have no recovery key, the records on this laptop cannot be opened (records already sent to the trust server are safe).</translation>
        </message>
        <message>
            <source>Passphrase</source>
            <translation>Passphrase</translation>
        </message>
        <message>
            <source>Passphrase again</source>
            <translation>Passphrase again</translation>
        </message>
        <message>
            <source>Passphrase strength</source>
            <translation>Passphrase strength</translation>
        </message>
        <message>
            <source>Passphrase advice</source>
            <translation>Passphrase advice</translation>
        </message>
        <message>
            <source>&amp;Passphrase</source>
            <translation>&amp;Passphrase</translation>
        </message>
        <message>
            <source>&amp;Again</source>
            <translation>&amp;Again</translation>
        </message>
        <message>
            <source>Strength</source>
            <translation>Strength</translation>
        </message>
        <message>
            <source>Too easy to guess ({word}): make it longer, e.g. four unrelated words.</source>
            <translation>Too easy to guess ({word}): make it longer, e.g. four unrelated words.</translation>
        </message>
        <message>
            <source>The two passphrases differ.</source>
            <translation>The two passphrases differ.</translation>
        </message>
        <message>
            <source>Strength: {word}</source>
            <translation>Strength: {word}</translation>
        </message>
        <message>
            <source>Recovery key</source>
            <translation>Recovery key</translation>
        </message>
        <message>
            <source>A recovery key opens this laptop's records if the passphrase is forgotten.</source>
            <translation>A recovery key opens this laptop's records if the passphrase is forgotten.</translation>
        </message>
        <message>
            <source>Creating the encrypted store</source>
            <translation>Creating the encrypted store</translation>
        </message>
        <message>
            <source>Creating the encrypted store…</source>
            <translation>Creating the encrypted store…</translation>
        </message>
        <message>
            <source>&amp;Make a recovery key</source>
            <translation>&amp;Make a recovery key</translation>
        </message>
        <message>
            <source>Make a recovery key</source>
            <translation>Make a recovery key</translation>
        </message>
        <message>
            <source>&amp;Save the key to a file…</source>
            <translation>&amp;Save the key to a file…</translation>
        </message>
        <message>
            <source>Save recovery key to a file</source>
            <translation>Save recovery key to a file</translation>
        </message>
        <message>
            <source>Keep it on paper or a USB stick locked away from the laptop. You can also skip this.</source>
            <translation>Keep it on paper or a USB stick locked away from the laptop. You can also skip this.</translation>
        </message>
        <message>
            <source>Changing the store's passphrase…</source>
            <translation>Changing the store's passphrase…</translation>
        </message>
        <message>
            <source>The encrypted store is ready.</source>
            <translation>The encrypted store is ready.</translation>
        </message>
        <message>
            <source>The store could not be created: {error}</source>
            <translation>The store could not be created: {error}</translation>
        </message>
        <message>
            <source>Save recovery key</source>
            <translation>Save recovery key</translation>
        </message>
        <message>
            <source>Not saved: {error}</source>
            <translation>Not saved: {error}</translation>
        </message>
        <message>
            <source>Saved to {path}</source>
            <translation>Saved to {path}</translation>
        </message>
        <message>
            <source>Connect to the trust server</source>
            <translation>Connect to the trust server</translation>
        </message>
        <message>
            <source>Connecting lets your records reach the trust and your team. You can do it later.</source>
            <translation>Connecting lets your records reach the trust and your team. You can do it later.</translation>
        </message>
        <message>
            <source>&amp;Connect now</source>
            <translation>&amp;Connect now</translation>
        </message>
        <message>
            <source>Connect now</source>
            <translation>Connect now</translation>
        </message>
        <message>
            <source>Work &amp;offline and connect later</source>
            <translation>Work &amp;offline and connect later</translation>
        </message>
        <message>
            <source>Work offline</source>
            <translation>Work offline</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>Enrolment code</source>
            <translation>Enrolment code</translation>
        </message>
        <message>
            <source>Connecting</source>
            <translation>Connecting</translation>
        </message>
        <message>
            <source>Connection error</source>
            <translation>Connection error</translation>
        </message>
        <message>
            <source>Server &amp;address</source>
            <translation>Server &amp;address</translation>
        </message>
        <message>
            <source>Enrolment co&amp;de</source>
            <translation>Enrolment co&amp;de</translation>
        </message>
        <message>
            <source>Set up odesk</source>
            <translation>Set up odesk</translation>
        </message>
    </context>
</TS>
