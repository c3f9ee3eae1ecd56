// The browser workbench of grondslag: browse the law as encoded, ask the server a question, review a diff.
// It decides nothing itself. Every decision it shows is a field of the server's answer, every label comes
// from /v1/vocabulary or /v1/register, and every server text is inserted as text (never as HTML).
// Served under Content-Security-Policy default-src 'self': no inline code or styles, no framework, no build.
'use strict';

// ---------------------------------------------------------------------------------------------------------
// All texts of the page, in both languages. index.html carries the Dutch ones so the page reads before
// this script runs; elements with data-t="key" are (re)filled from this table.
const TEXTS = {
  nl: {
    skip: 'Naar de inhoud',
    title: 'grondslag werkbank',
    tagline: 'De wet zoals de regelset haar vastlegt: bladeren, vragen, wijzigingen beoordelen.',
    language: 'Taal',
    policySetHeading: 'Regelset van de server',
    policySetHash: 'Hash',
    policySetSigner: 'Ondertekenaar',
    policySetVerified: 'Geverifieerd',
    policySetRules: 'Regels',
    unsigned: 'niet ondertekend',
    verifiedYes: 'ja: de handtekening van de bundel is gecontroleerd',
    verifiedNo: 'nee',
    serverWarning: 'Waarschuwing van de server: {0}',
    tokenExplain: 'De server vraagt om een toegangssleutel (bearer token). Die wordt alleen in dit tabblad van de browser bewaard.',
    tokenLabel: 'Toegangssleutel',
    tokenSubmit: 'Gebruiken',
    tokenRejected: 'De server weigert zonder geldige toegangssleutel (401). Vul de sleutel in boven aan de pagina.',
    tabsLabel: 'Onderdelen',
    tabLaw: 'Wet',
    tabAsk: 'Vraag',
    tabReview: 'Wijziging',
    all: 'Alle',
    loading: 'Bezig met laden…',
    networkError: 'De server is niet bereikbaar: {0}',
    serverError: 'De server gaf een fout (HTTP {0}): {1}',
    badJson: 'Het antwoord van de server is geen geldige JSON.',
    footer: 'Deze pagina beslist niets zelf: elk besluit dat zij toont, is het antwoord van de server.',
    copy: 'Kopiëren',
    copied: 'Gekopieerd naar het klembord.',
    copyFailed: 'Kopiëren lukte niet; selecteer de tekst en kopieer met de hand.',
    yes: 'ja',
    no: 'nee',
    none: 'geen',
    // Law
    lawHeading: 'Wet: de bepalingen in werking',
    lawIntro: 'Per bepaling die op de gekozen datum in werking is: de tekst, de link naar de officiële tekst en de regels eronder.',
    lawFilters: 'Datum en filter',
    lawDate: 'In werking op',
    lawLaw: 'Wet',
    lawCategory: 'Gegevenscategorie',
    lawParty: 'Partij (verstrekker of ontvanger)',
    lawText: 'Zoek (artikel, bepaling, regel, tekst)',
    lawTextHint: 'Bijvoorbeeld: 20d, pm.20d.2, schulden, reclassering.',
    lawCount: '{0} van de {1} bepalingen in werking op {2} getoond.',
    lawNone: 'Geen bepaling past bij dit filter.',
    lawProvisionText: 'Tekst van de bepaling',
    lawValid: 'Geldig',
    lawKind: 'Soort',
    lawSource: 'Bron',
    lawOfficial: 'Officiële tekst: {0}',
    lawArticle: 'Het artikel',
    lawPermits: 'Regels die verstrekken toestaan',
    lawProhibitions: 'Verboden',
    lawNoRules: 'Geen regel onder deze bepaling.',
    lawCases: 'Testgevallen uit het corpus die deze bepaling beslist: {0}',
    lawNoCases: 'Geen testgeval uit het corpus beslist deze bepaling.',
    lawCaseFailed: '(het testgeval verwachtte iets anders)',
    rulePermit: 'Toestemming',
    ruleProhibition: 'Verbod',
    ruleSays: 'Wat de regel zegt',
    ruleControllers: 'Verstrekkers (verantwoordelijken)',
    ruleRecipients: 'Ontvangers',
    rulePurposes: 'Doelen',
    ruleCategories: 'Gegevens',
    ruleSubjects: 'Betrokkenen',
    ruleBases: 'Grondslagen',
    ruleCondition: 'Voorwaarde',
    ruleConditionNone: 'Geen: de regel stelt geen voorwaarde buiten partijen, gegevens en doel.',
    conditionAll: 'Alle volgende:',
    conditionAny: 'Ten minste één van:',
    conditionNot: 'Niet het geval:',
    ruleConditions: 'Voorwaarden (feiten)',
    ruleMeasures: 'Verplichtingen en maatregelen',
    ruleRetention: 'Bewaartermijn',
    ruleCitations: 'Vindplaatsen',
    ruleReference: 'Officiële tekst van het artikel',
    ruleSummary: 'Omvang',
    ruleQuestions: 'De vijf juridische vragen (stappenplan grondslag)',
    // Ask
    askHeading: 'Vraag: mag dit?',
    askIntro: 'Mag de verstrekker deze gegevens aan de ontvanger geven, voor dit doel, op deze datum? De server beslist; deze pagina toont alleen zijn antwoord.',
    askFlow: 'Verstrekking',
    askSender: 'Verstrekker',
    askRecipient: 'Ontvanger',
    askRecipientHint: 'Eerst de ontvangers die een regel voor dit doel noemt.',
    askRecipientsForPurpose: 'Ontvangers voor dit doel',
    askRecipientsOther: 'Andere partijen (geen regel voor dit doel noemt hen)',
    askPurpose: 'Doel',
    askPhase: 'Fase',
    askNoPhase: 'Geen fase: het doel als geheel',
    askDate: 'Datum van verstrekking',
    askId: 'Kenmerk van het verzoek (optioneel)',
    askData: 'Gegevens',
    askDataHint: 'Elke categorie wordt apart beslist. BIJZ = bijzondere persoonsgegevens (AVG art. 9), STRAF = strafrechtelijke persoonsgegevens (AVG art. 10), NR = wettelijk identificatienummer.',
    askDataForPurpose: 'Gegevens die dit doel noemt',
    askDataOther: 'Andere gegevens',
    askFacts: 'Feiten over de persoon en de zaak',
    askFactsHint: 'De feiten die de regels voor dit doel lezen. Wat niet is opgegeven, wordt niet verstuurd: de server behandelt het als onbekend, en een voorwaarde op een onbekend feit is nooit vervuld.',
    askNoFacts: 'De regels voor dit doel lezen geen feiten.',
    factYes: 'Ja',
    factNo: 'Nee',
    factNotGiven: 'Niet opgegeven',
    factNotGivenOption: '(niet opgegeven)',
    factTextSetHint: 'Eén waarde per regel of gescheiden door komma’s; leeg = niet opgegeven.',
    factArticlesHint: 'Artikelen van het Wetboek van Strafrecht als nummer met letter, een lid tussen haakjes: 242, 151f, 141(2).',
    factIntegerInvalid: '{0}: geen geheel getal.',
    consentsGiven: 'Opgegeven: de lijst hieronder (een lege lijst betekent: geen toestemming)',
    consentRecord: 'Toestemming {0}',
    consentCategory: 'Categorie (categorie)',
    consentGiven: 'Gegeven op (gegeven)',
    consentWithdrawn: 'Ingetrokken op (ingetrokken), optioneel',
    consentExplicit: 'Uitdrukkelijke toestemming (uitdrukkelijk)',
    consentRecipient: 'Voor ontvanger (ontvanger), optioneel',
    consentPurpose: 'Voor doel (doel), optioneel',
    consentAnyRecipient: '(elke ontvanger)',
    consentAnyPurpose: '(elk doel)',
    consentChoose: '(kies)',
    consentAdd: 'Toestemming toevoegen',
    consentRemove: 'Toestemming {0} verwijderen',
    askSubmit: 'Vraag het de server',
    askReset: 'Formulier leegmaken',
    askJsonSummary: 'Verzoek als JSON invoeren (voor ontwikkelaars)',
    askJsonLabel: 'Verzoek (JSON)',
    askJsonFill: 'Zet in het formulier',
    askJsonSend: 'Verstuur deze JSON zoals hij is',
    askJsonNotObject: 'Dit is geen JSON-object.',
    askJsonFilled: 'In het formulier gezet.',
    askJsonPartly: 'In het formulier gezet, behalve wat de geserveerde regelset niet kent: {0}. Verstuur de JSON zoals hij is om het antwoord van de server te zien.',
    askBusy: 'De server wordt gevraagd…',
    askDone: 'Antwoord ontvangen. Besluit: {0}. {1} gegeven(s).',
    askErrorTitle: 'De server heeft het verzoek niet beslist: het is onjuist.',
    askErrorPath: 'Plaats in het verzoek (JSON-pad): {0}',
    askErrorMessage: 'Melding van de server: {0}',
    askErrorGoTo: 'Naar het veld',
    askErrorDone: 'Fout in het verzoek: {0}',
    askResult: 'Antwoord van de server',
    askExplain: 'Uitleg in woorden',
    askExplainFailed: 'Geen uitleg: {0}',
    askSent: 'Verstuurd verzoek (JSON)',
    askAnswerJson: 'Antwoord van de server (JSON)',
    askWitnessNote: 'Dit is de getuige uit het diff-rapport. De server beslist met de regelset die hij serveert ({0}); het rapport vergelijkt {1} (oud) met {2} (nieuw).',
    askNotVerified: 'De regelset die antwoordde is niet geverifieerd (unverified).',
    askOtherSet: 'Dit antwoord komt van een andere regelset ({0}) dan de kop van de pagina noemt: de server heeft een nieuwe set geladen. Laad de pagina opnieuw.',
    overall: 'Besluit',
    answerId: 'Kenmerk',
    answerPolicySet: 'Regelset',
    decisionPermit: 'Toegestaan',
    decisionDeny: 'Geweigerd',
    decisionPartial: 'Gedeeltelijk toegestaan',
    decisionUnknown: 'Onbekend besluit',
    itemsHeading: 'Besluit per gegeven',
    summaryCaption: 'Overzicht: besluit per gegeven',
    summaryData: 'Gegeven',
    summaryDecision: 'Besluit',
    summaryWhy: 'Bepaling of oorzaak',
    reviewUnknownNames: 'Namen die alleen als code worden getoond, komen niet voor in de regelset die deze server serveert (bijvoorbeeld die van een gemeentelijke module): de server kent er geen omschrijving van.',
    itemRule: 'Regel',
    itemProvision: 'Bepaling',
    itemProvisionKind: 'Soort bepaling',
    kindDuty: 'plicht tot verstrekken (AVG art. 6 lid 1 onder c)',
    kindPower: 'bevoegdheid tot verstrekken (AVG art. 6 lid 1 onder e; bezwaar mogelijk)',
    itemBasis: 'Grondslag (AVG art. 6)',
    itemGrounds: 'Verdere gronden',
    itemCitations: 'Vindplaatsen',
    itemObligations: 'Verplichtingen',
    itemCause: 'Oorzaak',
    itemReason: 'Reden',
    itemForbid: 'Verbod dat de doorslag gaf',
    itemConsidered: 'Overwogen regels (in werking, niet van toepassing)',
    itemMissing: 'Ontbrekende feiten',
    whyNotHeading: 'Waarom niet: wat elke regel die dit zou toestaan nog mist',
    whyNotValidity: 'Geldigheid',
    whyNotInForce: 'in werking op de datum',
    whyNotNotInForce: 'niet in werking op de datum',
    whyNotFailing: 'Voorwaarden die niet gelden of niet te beoordelen zijn',
    whyNotExpected: 'vereist',
    whyNotActual: 'opgegeven',
    whyNotNotGiven: 'niet opgegeven',
    whyNotAnyOf: 'een van:',
    whyNotFirstDate: 'Eerste datum waarop de regel kan gelden',
    whyNotBlockedBy: 'Zou nog steeds verboden zijn door',
    whyNotConsent: 'Toestemming',
    itemOfficial: 'officiële tekst',
    causeForbidden: 'verboden',
    causeNoRule: 'geen regel',
    causeNotInForce: 'niet in werking',
    causeConditions: 'voorwaarden niet vervuld',
    phaseFact: 'Fase van het werkproces',
    questionsHeading: 'De vijf juridische vragen',
    qSubjectLaw: '1. Materiewet en AVG-grondslag',
    qSpecialData: '2. Bijzondere persoonsgegevens en gegevens van jeugdigen',
    qCriminalData: '3. Strafrechtelijke persoonsgegevens',
    qLegalNumber: '4. BSN en andere wettelijke nummers',
    qProvisionDuty: '5. Geheimhouding en plicht of bevoegdheid tot verstrekken',
    statusAnswered: 'beantwoord',
    statusNotApplicable: 'niet van toepassing',
    statusOpen: 'open',
    statusNotReached: 'niet toegekomen',
    qGrounds: 'Gronden',
    qKind: 'Plicht of bevoegdheid',
    qKindNone: 'de bepaling zegt niet of zij verplicht of bevoegd maakt',
    qSecrecy: 'Geheimhouding van de ontvanger',
    qNotify: 'Te informeren',
    qJuvenile: 'Jeugdige: diens gegevens verdienen specifieke bescherming',
    qReason: 'Reden',
    obligationUnknown: 'Onbekende verplichting "{0}": behandel het gegeven als belast met een plicht die deze pagina niet kent.',
    obRetain: 'Bewaren, niet langer dan',
    obRetainAtLeast: 'Ten minste bewaren',
    obUseNumber: 'Identificeren met een nummer',
    obLog: 'De verstrekking vastleggen',
    obNotify: 'Informeren',
    obSecrecy: 'Geheimhouding',
    obInform: 'De betrokkene informeren',
    obMotivation: 'Schriftelijk motiveren waarom de betrokkene niet wordt geïnformeerd',
    obShield: 'Afschermen na afsluiting van de casus',
    fUntil: 'tot en met',
    fPeriod: 'termijn',
    fCountedFrom: 'gerekend vanaf',
    fProvision: 'bepaling',
    fCitation: 'vindplaats',
    fCategory: 'nummer',
    fActor: 'partij',
    // Review
    reviewHeading: 'Wijziging beoordelen',
    reviewIntro: 'Laad het rapport van grondslag diff OUD NIEUW --json. Het toont elk gebied van verzoeken dat de twee regelsets anders beslissen, met een getuige: een verzoek dat het verschil laat zien.',
    reviewLoad: 'Rapport laden',
    reviewFile: 'Diff-rapport (JSON-bestand)',
    reviewDrop: 'U kunt het bestand ook hierheen slepen.',
    reviewReading: '{0} wordt gelezen…',
    reviewLoaded: 'Rapport {0} geladen: {1} groep(en), {2} gebied(en).',
    reviewNotJson: '{0} is geen geldige JSON: {1}',
    reviewNotDiff: '{0} is geen rapport van grondslag diff --json (het mist "groups" of "complete").',
    reviewSummary: 'Samenvatting',
    reviewComplete: 'Volledig',
    reviewCompleteYes: 'ja: alle verschillen zijn gevonden',
    reviewCompleteNo: 'NEE: het rapport is onvolledig, er kunnen meer verschillen zijn',
    reviewProof: 'Bewezen gelijk',
    reviewProofYes: 'ja: de twee regelsets beslissen elk verzoek gelijk',
    reviewOld: 'Oude regelset',
    reviewNew: 'Nieuwe regelset',
    reviewCounts: 'Aantallen',
    reviewCountsText: '{0} gebied(en): {1} verruimd, {2} beperkt, {3} anders beslist; {4} controles in {5} s',
    reviewUnknown: 'Niet beslist (onbekend)',
    reviewFacts: 'Feiten',
    reviewFactsAdded: 'Toegevoegd',
    reviewFactsRemoved: 'Verwijderd',
    reviewRules: 'Regels',
    reviewRulesAdded: 'Toegevoegd',
    reviewRulesEdited: 'Gewijzigd',
    reviewRulesRemoved: 'Verwijderd',
    reviewRulesRenamed: 'Hernoemd',
    reviewNoGroups: 'Geen verschil: de regelsets beslissen elk verzoek gelijk.',
    reviewGroup: 'Groep {0}: {1} → {2}',
    reviewOldSide: 'Oud',
    reviewNewSide: 'Nieuw',
    reviewNoRule: 'geen regel (geweigerd)',
    reviewLocation: 'Bestand',
    reviewRegions: 'Gebieden ({0})',
    reviewRegion: 'Gebied',
    reviewDates: 'Data',
    reviewFromTo: 'van {0} tot en met {1}',
    reviewOpenEnded: 'vanaf {0} (geen einddatum)',
    reviewReproduced: 'Nagespeeld',
    reviewReproducedYes: 'ja',
    reviewReproducedNo: 'NEE',
    reviewWitness: 'Getuige',
    reviewWitnessShow: 'Getuige {0} (JSON)',
    reviewWitnessCopy: 'Kopiëren',
    reviewWitnessAsk: 'Vragen',
    reviewWitnessWhich: ' getuige {0}',
  },
  en: {
    skip: 'Skip to content',
    title: 'grondslag workbench',
    tagline: 'The law as the policy set encodes it: browse it, ask it, review a change.',
    language: 'Language',
    policySetHeading: 'Policy set of the server',
    policySetHash: 'Hash',
    policySetSigner: 'Signer',
    policySetVerified: 'Verified',
    policySetRules: 'Rules',
    unsigned: 'not signed',
    verifiedYes: 'yes: the bundle’s signature was checked',
    verifiedNo: 'no',
    serverWarning: 'The server warns: {0}',
    tokenExplain: 'The server asks for an access token (bearer token). It is kept in this browser tab only.',
    tokenLabel: 'Access token',
    tokenSubmit: 'Use',
    tokenRejected: 'The server refuses without a valid access token (401). Enter the token at the top of the page.',
    tabsLabel: 'Parts',
    tabLaw: 'Law',
    tabAsk: 'Ask',
    tabReview: 'Review a change',
    all: 'All',
    loading: 'Loading…',
    networkError: 'The server cannot be reached: {0}',
    serverError: 'The server gave an error (HTTP {0}): {1}',
    badJson: 'The server’s answer is not valid JSON.',
    footer: 'This page decides nothing itself: every decision it shows is the server’s answer.',
    copy: 'Copy',
    copied: 'Copied to the clipboard.',
    copyFailed: 'Copying failed; select the text and copy it by hand.',
    yes: 'yes',
    no: 'no',
    none: 'none',
    lawHeading: 'Law: the provisions in force',
    lawIntro: 'Per provision in force on the chosen date: its text, the link to the official text and the rules under it.',
    lawFilters: 'Date and filter',
    lawDate: 'In force on',
    lawLaw: 'Law',
    lawCategory: 'Data category',
    lawParty: 'Party (sender or recipient)',
    lawText: 'Search (article, provision, rule, text)',
    lawTextHint: 'For example: 20d, pm.20d.2, schulden, probation.',
    lawCount: '{0} of the {1} provisions in force on {2} shown.',
    lawNone: 'No provision matches this filter.',
    lawProvisionText: 'Text of the provision',
    lawValid: 'Valid',
    lawKind: 'Kind',
    lawSource: 'Source',
    lawOfficial: 'Official text: {0}',
    lawArticle: 'The article',
    lawPermits: 'Rules that permit providing data',
    lawProhibitions: 'Prohibitions',
    lawNoRules: 'No rule under this provision.',
    lawCases: 'Corpus test cases this provision decides: {0}',
    lawNoCases: 'No corpus test case is decided by this provision.',
    lawCaseFailed: '(the case expected otherwise)',
    rulePermit: 'Permit',
    ruleProhibition: 'Prohibition',
    ruleSays: 'What the rule says',
    ruleControllers: 'Senders (controllers)',
    ruleRecipients: 'Recipients',
    rulePurposes: 'Purposes',
    ruleCategories: 'Data',
    ruleSubjects: 'Data subjects',
    ruleBases: 'Legal bases',
    ruleCondition: 'Condition',
    ruleConditionNone: 'None: the rule sets no condition beyond parties, data and purpose.',
    conditionAll: 'All of:',
    conditionAny: 'At least one of:',
    conditionNot: 'Not the case:',
    ruleConditions: 'Conditions (facts)',
    ruleMeasures: 'Obligations and measures',
    ruleRetention: 'Retention',
    ruleCitations: 'Citations',
    ruleReference: 'Official text of the article',
    ruleSummary: 'Scope',
    ruleQuestions: 'The five legal questions (stappenplan grondslag)',
    askHeading: 'Ask: may this be shared?',
    askIntro: 'May the sender give these data to the recipient, for this purpose, on this date? The server decides; this page only shows its answer.',
    askFlow: 'The provision of data',
    askSender: 'Sender',
    askRecipient: 'Recipient',
    askRecipientHint: 'First the recipients that a rule for this purpose names.',
    askRecipientsForPurpose: 'Recipients for this purpose',
    askRecipientsOther: 'Other parties (no rule for this purpose names them)',
    askPurpose: 'Purpose',
    askPhase: 'Phase',
    askNoPhase: 'No phase: the purpose as a whole',
    askDate: 'Date of the provision',
    askId: 'Request id (optional)',
    askData: 'Data',
    askDataHint: 'Each category is decided on its own. SPEC = special personal data (GDPR art. 9), CRIM = criminal personal data (GDPR art. 10), NID = national identification number.',
    askDataForPurpose: 'Data this purpose names',
    askDataOther: 'Other data',
    askFacts: 'Facts about the person and the case',
    askFactsHint: 'The facts the rules for this purpose read. What is not given is not sent: the server treats it as unknown, and a condition on an unknown fact never holds.',
    askNoFacts: 'The rules for this purpose read no facts.',
    factYes: 'Yes',
    factNo: 'No',
    factNotGiven: 'Not given',
    factNotGivenOption: '(not given)',
    factTextSetHint: 'One value per line or separated by commas; empty = not given.',
    factArticlesHint: 'Articles of the Dutch Criminal Code as number with letter, a lid in parentheses: 242, 151f, 141(2).',
    factIntegerInvalid: '{0}: not a whole number.',
    consentsGiven: 'Given: the list below (an empty list means: no consent)',
    consentRecord: 'Consent {0}',
    consentCategory: 'Category (categorie)',
    consentGiven: 'Given on (gegeven)',
    consentWithdrawn: 'Withdrawn on (ingetrokken), optional',
    consentExplicit: 'Explicit consent (uitdrukkelijk)',
    consentRecipient: 'For recipient (ontvanger), optional',
    consentPurpose: 'For purpose (doel), optional',
    consentAnyRecipient: '(any recipient)',
    consentAnyPurpose: '(any purpose)',
    consentChoose: '(choose)',
    consentAdd: 'Add a consent',
    consentRemove: 'Remove consent {0}',
    askSubmit: 'Ask the server',
    askReset: 'Clear the form',
    askJsonSummary: 'Enter the request as JSON (for developers)',
    askJsonLabel: 'Request (JSON)',
    askJsonFill: 'Put it in the form',
    askJsonSend: 'Send this JSON as it is',
    askJsonNotObject: 'This is not a JSON object.',
    askJsonFilled: 'Put in the form.',
    askJsonPartly: 'Put in the form, except what the served policy set does not know: {0}. Send the JSON as it is to see the server’s answer.',
    askBusy: 'Asking the server…',
    askDone: 'Answer received. Decision: {0}. {1} data item(s).',
    askErrorTitle: 'The server did not decide the request: it is malformed.',
    askErrorPath: 'Place in the request (JSON path): {0}',
    askErrorMessage: 'The server says: {0}',
    askErrorGoTo: 'Go to the field',
    askErrorDone: 'Error in the request: {0}',
    askResult: 'The server’s answer',
    askExplain: 'Explanation in words',
    askExplainFailed: 'No explanation: {0}',
    askSent: 'Request sent (JSON)',
    askAnswerJson: 'The server’s answer (JSON)',
    askWitnessNote: 'This is the witness from the diff report. The server decides with the policy set it serves ({0}); the report compares {1} (old) with {2} (new).',
    askNotVerified: 'The policy set that answered is not verified (unverified).',
    askOtherSet: 'This answer comes from another policy set ({0}) than the page header names: the server loaded a new set. Reload the page.',
    overall: 'Decision',
    answerId: 'Request id',
    answerPolicySet: 'Policy set',
    decisionPermit: 'Permitted',
    decisionDeny: 'Denied',
    decisionPartial: 'Partly permitted',
    decisionUnknown: 'Unknown decision',
    itemsHeading: 'Decision per data item',
    summaryCaption: 'Overview: the decision per data item',
    summaryData: 'Data item',
    summaryDecision: 'Decision',
    summaryWhy: 'Provision or cause',
    reviewUnknownNames: 'Names shown as a code only do not occur in the policy set this server serves (such as those of a municipal module): the server has no label for them.',
    itemRule: 'Rule',
    itemProvision: 'Provision',
    itemProvisionKind: 'Kind of provision',
    kindDuty: 'duty to provide (GDPR art. 6(1)(c))',
    kindPower: 'power to provide (GDPR art. 6(1)(e); open to objection)',
    itemBasis: 'Legal basis (GDPR art. 6)',
    itemGrounds: 'Further grounds',
    itemCitations: 'Citations',
    itemObligations: 'Obligations',
    itemCause: 'Cause',
    itemReason: 'Reason',
    itemForbid: 'The prohibition that prevailed',
    itemConsidered: 'Rules considered (in force, not applying)',
    itemMissing: 'Missing facts',
    whyNotHeading: 'Why not: what each rule that would permit it still lacks',
    whyNotValidity: 'Validity',
    whyNotInForce: 'in force on the date',
    whyNotNotInForce: 'not in force on the date',
    whyNotFailing: 'Conditions that fail or cannot be judged',
    whyNotExpected: 'required',
    whyNotActual: 'given',
    whyNotNotGiven: 'not given',
    whyNotAnyOf: 'one of:',
    whyNotFirstDate: 'First date the rule can apply',
    whyNotBlockedBy: 'Would still be forbidden by',
    whyNotConsent: 'Consent',
    itemOfficial: 'official text',
    causeForbidden: 'forbidden',
    causeNoRule: 'no rule',
    causeNotInForce: 'not in force',
    causeConditions: 'conditions do not hold',
    phaseFact: 'Phase of the work process',
    questionsHeading: 'The five legal questions',
    qSubjectLaw: '1. Subject-matter law and GDPR basis',
    qSpecialData: '2. Special personal data and data of juveniles',
    qCriminalData: '3. Criminal personal data',
    qLegalNumber: '4. BSN and other legal numbers',
    qProvisionDuty: '5. Secrecy and a duty or power to provide',
    statusAnswered: 'answered',
    statusNotApplicable: 'not applicable',
    statusOpen: 'open',
    statusNotReached: 'not reached',
    qGrounds: 'Grounds',
    qKind: 'Duty or power',
    qKindNone: 'the provision does not say whether it obliges or permits',
    qSecrecy: 'The recipient’s secrecy',
    qNotify: 'To be informed',
    qJuvenile: 'Juvenile: their data need specific protection',
    qReason: 'Reason',
    obligationUnknown: 'Unknown obligation "{0}": treat the item as carrying a duty this page does not know.',
    obRetain: 'Keep no longer than',
    obRetainAtLeast: 'Keep at least',
    obUseNumber: 'Identify by a number',
    obLog: 'Record the provision',
    obNotify: 'Inform',
    obSecrecy: 'Secrecy',
    obInform: 'Inform the person',
    obMotivation: 'Give written reasons for not informing the person',
    obShield: 'Shield after the case is closed',
    fUntil: 'until',
    fPeriod: 'period',
    fCountedFrom: 'counted from',
    fProvision: 'provision',
    fCitation: 'citation',
    fCategory: 'number',
    fActor: 'party',
    reviewHeading: 'Review a change',
    reviewIntro: 'Load the report of grondslag diff OLD NEW --json. It shows every region of requests the two policy sets decide differently, with a witness: a request that shows the difference.',
    reviewLoad: 'Load a report',
    reviewFile: 'Diff report (JSON file)',
    reviewDrop: 'You can also drag the file here.',
    reviewReading: 'Reading {0}…',
    reviewLoaded: 'Report {0} loaded: {1} group(s), {2} region(s).',
    reviewNotJson: '{0} is not valid JSON: {1}',
    reviewNotDiff: '{0} is not a report of grondslag diff --json (it lacks "groups" or "complete").',
    reviewSummary: 'Summary',
    reviewComplete: 'Complete',
    reviewCompleteYes: 'yes: every difference was found',
    reviewCompleteNo: 'NO: the report is incomplete, there may be more differences',
    reviewProof: 'Proven equal',
    reviewProofYes: 'yes: the two policy sets decide every request alike',
    reviewOld: 'Old policy set',
    reviewNew: 'New policy set',
    reviewCounts: 'Counts',
    reviewCountsText: '{0} region(s): {1} widened, {2} narrowed, {3} decided otherwise; {4} checks in {5} s',
    reviewUnknown: 'Not decided (unknown)',
    reviewFacts: 'Facts',
    reviewFactsAdded: 'Added',
    reviewFactsRemoved: 'Removed',
    reviewRules: 'Rules',
    reviewRulesAdded: 'Added',
    reviewRulesEdited: 'Edited',
    reviewRulesRemoved: 'Removed',
    reviewRulesRenamed: 'Renamed',
    reviewNoGroups: 'No difference: the policy sets decide every request alike.',
    reviewGroup: 'Group {0}: {1} → {2}',
    reviewOldSide: 'Old',
    reviewNewSide: 'New',
    reviewNoRule: 'no rule (denied)',
    reviewLocation: 'File',
    reviewRegions: 'Regions ({0})',
    reviewRegion: 'Region',
    reviewDates: 'Dates',
    reviewFromTo: 'from {0} to {1} inclusive',
    reviewOpenEnded: 'from {0} on (no end date)',
    reviewReproduced: 'Reproduced',
    reviewReproducedYes: 'yes',
    reviewReproducedNo: 'NO',
    reviewWitness: 'Witness',
    reviewWitnessShow: 'Witness {0} (JSON)',
    reviewWitnessCopy: 'Copy',
    reviewWitnessAsk: 'Ask',
    reviewWitnessWhich: ' witness {0}',
  },
};

const LANGS = ['nl', 'en'];
const STORAGE_LANG = 'grondslag.workbench.lang';
const STORAGE_TOKEN = 'grondslag.workbench.token';
const REQUEST_TIMEOUT_MS = 30000;

const state = {
  lang: 'nl',
  vocabulary: null,
  names: null,          // lookup maps built from the vocabulary
  policySet: null,
  register: null,       // the Law tab's register (its date and language)
  coverage: null,       // GET /v1/coverage: the corpus cases per provision, when the server was given a corpus
  registerLabels: null, // provisions, rules and bases of the register of the last asked date
  lastAsk: null,        // {text, answer, explanation, note}
  diff: null,           // {fileName, report}
};

// ---------------------------------------------------------------------------------------------------------
// Small helpers

function t(key, ...args) {
  const table = TEXTS[state.lang] || TEXTS.nl;
  const text = key in table ? table[key] : TEXTS.nl[key];
  if (text === undefined) return key;
  return text.replace(/\{(\d+)\}/g, (_, i) => (args[Number(i)] === undefined ? '' : String(args[Number(i)])));
}

const $ = (id) => document.getElementById(id);

// h('div', {class: 'x', dataset: {a: 1}}, child, 'text', [more]) builds an element; strings become text
// nodes, so nothing from the server is ever parsed as HTML.
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function clear(element) {
  while (element.firstChild) element.removeChild(element.firstChild);
  return element;
}

// A name with its label: the label for readers, the id in a smaller font for developers and for lookups.
function named(label, name, unknown) {
  if (!label || label === name) {
    return h('span', {class: unknown ? 'named unknown-name' : 'named'}, h('code', {class: 'id id-only'}, name));
  }
  return h('span', {class: 'named'}, h('span', {class: 'label'}, label), ' ', h('code', {class: 'id'}, name));
}

function actorNamed(name) {
  const actor = state.names && state.names.actors.get(name);
  return actor ? named(actor.label, name) : named('', name, true);
}

function categoryNamed(name) {
  const category = state.names && state.names.categories.get(name);
  if (!category) return named('', name, true);
  return h('span', {class: 'named'}, named(category.label, name), category.class ? [' ', classMark(category.class)] : null);
}

function purposeNamed(name) {
  const purpose = state.names && state.names.purposes.get(name);
  return purpose ? named(purpose.label, name) : named('', name, true);
}

function factNamed(name) {
  if (name === 'phase') return named(t('phaseFact'), name);
  const fact = state.names && state.names.facts.get(name);
  return fact ? named(fact.label, name) : named('', name, true);
}

const CLASS_MARKS = {nl: {SPEC: 'BIJZ', CRIM: 'STRAF', NID: 'NR'}, en: {SPEC: 'SPEC', CRIM: 'CRIM', NID: 'NID'}};
const CLASS_TITLES = {
  nl: {SPEC: 'bijzondere persoonsgegevens (AVG art. 9)', CRIM: 'strafrechtelijke persoonsgegevens (AVG art. 10)', NID: 'wettelijk identificatienummer (UAVG art. 46)'},
  en: {SPEC: 'special personal data (GDPR art. 9)', CRIM: 'criminal personal data (GDPR art. 10)', NID: 'national identification number (UAVG art. 46)'},
};

function classMark(dataClass) {
  const text = (CLASS_MARKS[state.lang] || {})[dataClass] || dataClass;
  const title = (CLASS_TITLES[state.lang] || {})[dataClass];
  return h('span', {class: `mark mark-${String(dataClass).toLowerCase()}`},
    text, title ? h('span', {class: 'visually-hidden'}, `: ${title}`) : null);
}

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function link(url, text) {
  // Only http(s) links from the server are made clickable.
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return h('span', {}, text || url || '');
  return h('a', {href: url, rel: 'noopener noreferrer', target: '_blank'}, text || url);
}

function definitionList(rows, className) {
  const list = h('dl', {class: className || 'fields'});
  for (const [term, ...values] of rows) {
    const content = values.flat(Infinity).filter((v) => v !== undefined && v !== null && v !== false && v !== '');
    if (!content.length) continue;
    list.appendChild(h('div', {class: 'row'}, h('dt', {}, term), h('dd', {}, content)));
  }
  return list;
}

function inlineList(items) {
  const list = h('ul', {class: 'inline-list'});
  for (const item of items) list.appendChild(h('li', {}, item));
  return items.length ? list : null;
}

function announce(element, text) {
  // Status regions are aria-live: changing their text announces it.
  element.textContent = text;
}

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

// ---------------------------------------------------------------------------------------------------------
// The server

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function api(path, {method = 'GET', body} = {}) {
  const headers = {'Accept-Language': state.lang};
  const token = sessionStorage.getItem(STORAGE_TOKEN);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(path, {method, headers, body, signal: controller.signal, cache: 'no-store'});
  } catch (error) {
    throw new ApiError(t('networkError', error.name === 'AbortError' ? 'timeout' : error.message), 0);
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  if (response.status === 401) {
    showTokenForm();
    throw new ApiError(t('tokenRejected'), 401);
  }
  return {status: response.status, ok: response.ok, text};
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(t('badJson'), 0);
  }
}

// A non-2xx answer as an error message: the server's {"error": ...} when it has one.
function serverErrorMessage(result) {
  let detail = result.text.trim();
  try {
    const parsed = JSON.parse(result.text);
    if (parsed && typeof parsed.error === 'string') detail = parsed.error;
    else if (parsed && parsed.error && parsed.error.message) detail = parsed.error.message;
  } catch (error) { /* not JSON: the text as it is */ }
  return t('serverError', result.status, detail);
}

async function getJson(path) {
  const result = await api(path);
  if (!result.ok) throw new ApiError(serverErrorMessage(result), result.status);
  return parseJson(result.text);
}

// ---------------------------------------------------------------------------------------------------------
// Language

function applyTexts() {
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll('[data-t]')) element.textContent = t(element.dataset.t);
  for (const button of document.querySelectorAll('.lang-button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
  document.title = t('title');
}

async function setLanguage(lang) {
  if (!LANGS.includes(lang) || lang === state.lang) return;
  const draft = state.vocabulary ? readForm().request : null;
  state.lang = lang;
  localStorage.setItem(STORAGE_LANG, lang);
  applyTexts();
  renderPolicySet();
  await Promise.allSettled([
    loadVocabulary().then(() => {
      buildAskForm();
      if (draft) fillForm(draft);
      fillLawSelects();
    }),
    loadRegister(),
  ]);
  if (state.lastAsk) {
    await refreshRegisterLabels(state.lastAsk.request);
    await refreshExplanation();
    renderAskResult();
  }
  if (state.diff) renderDiff();
  document.body.dataset.lang = state.lang;
}

// ---------------------------------------------------------------------------------------------------------
// Token (only when the server runs with --token-file)

function showTokenForm() {
  const form = $('token-form');
  if (form.hidden) {
    form.hidden = false;
    $('token-input').focus();
  }
}

function setupToken() {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input').value.trim();
    if (!token) return;
    sessionStorage.setItem(STORAGE_TOKEN, token);
    $('token-input').value = '';
    $('token-form').hidden = true;
    showError($('global-error'), '');
    loadAll();
  });
}

// ---------------------------------------------------------------------------------------------------------
// Tabs: buttons with role tab; arrow keys, Home and End move between them (WAI-ARIA tabs pattern).

const TABS = ['law', 'ask', 'review'];

function selectTab(name, {focus = false} = {}) {
  if (!TABS.includes(name)) name = 'law';
  for (const tab of TABS) {
    const button = $(`tab-${tab}`);
    const selected = tab === name;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`panel-${tab}`).hidden = !selected;
    if (selected && focus) button.focus();
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

function setupTabs() {
  const tablist = document.querySelector('[role="tablist"]');
  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
  tablist.addEventListener('keydown', (event) => {
    const current = TABS.findIndex((tab) => $(`tab-${tab}`) === document.activeElement);
    if (current < 0) return;
    let next = null;
    if (event.key === 'ArrowRight') next = (current + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (current + TABS.length - 1) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    if (next === null) return;
    event.preventDefault();
    selectTab(TABS[next], {focus: true});
  });
  window.addEventListener('hashchange', () => selectTab(location.hash.slice(1)));
  selectTab(location.hash.slice(1) || 'law');
}

// ---------------------------------------------------------------------------------------------------------
// Header: the policy set

async function loadPolicySet() {
  try {
    state.policySet = await getJson('/v1/policy-set');
    renderPolicySet();
  } catch (error) {
    state.policySet = null;
    $('ps-hash').textContent = '—';
    showError($('global-error'), error.message);
  }
}

function renderPolicySet() {
  const set = state.policySet;
  if (!set) return;
  $('ps-hash').textContent = set.policy_set || '—';
  $('ps-signer').textContent = set.signer ? set.signer : t('unsigned');
  clear($('ps-verified')).append(
    h('span', {class: set.verified ? 'verified-yes' : 'verified-no'}, set.verified ? t('verifiedYes') : t('verifiedNo')));
  const warning = $('ps-warning');
  warning.hidden = !set.warning;
  warning.textContent = set.warning ? t('serverWarning', set.warning) : '';
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

async function loadVocabulary() {
  const vocabulary = await getJson('/v1/vocabulary');
  state.vocabulary = vocabulary;
  const byName = (list) => new Map((list || []).map((entry) => [entry.name, entry]));
  state.names = {
    actors: byName(vocabulary.actors),
    categories: byName(vocabulary.categories),
    purposes: byName(vocabulary.purposes),
    facts: byName(vocabulary.facts),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Law: the register of the provisions in force on a date

function setupLaw() {
  $('law-date').value = localToday();
  $('law-date').addEventListener('change', () => { if ($('law-date').value) loadRegister(); });
  for (const id of ['law-law', 'law-category', 'law-party']) $(id).addEventListener('change', applyLawFilter);
  let pending = 0;
  $('law-text').addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(applyLawFilter, 150);
  });
  $('law-filters').addEventListener('submit', (event) => { event.preventDefault(); applyLawFilter(); });
}

async function loadRegister() {
  const date = $('law-date').value || localToday();
  announce($('law-status'), t('loading'));
  try {
    const [register, coverage] = await Promise.all([
      getJson(`/v1/register?date=${encodeURIComponent(date)}`),
      getJson('/v1/coverage').catch(() => null),  // the cases are an addition: the law is shown without them
    ]);
    state.register = register;
    state.coverage = coverage;
    renderRegister();
    fillLawSelects();
    applyLawFilter();
  } catch (error) {
    state.register = null;
    clear($('law-results'));
    announce($('law-status'), error.message);
  }
}

function fillSelect(select, entries, {emptyText} = {}) {
  const previous = select.value;
  clear(select);
  if (emptyText !== undefined) select.appendChild(h('option', {value: ''}, emptyText));
  for (const [value, text] of entries) select.appendChild(h('option', {value}, text));
  if ([...select.options].some((option) => option.value === previous)) select.value = previous;
}

function optionText(label, name) {
  return label && label !== name ? `${label} (${name})` : name;
}

function fillLawSelects() {
  const laws = state.register ? [...new Set(state.register.sections.map((s) => s.law))].sort() : [];
  fillSelect($('law-law'), laws.map((law) => [law, law]), {emptyText: t('all')});
  if (!state.vocabulary) return;
  fillSelect($('law-category'), state.vocabulary.categories.map((c) => [c.name, optionText(c.label, c.name)]), {emptyText: t('all')});
  fillSelect($('law-party'), state.vocabulary.actors.map((a) => [a.name, optionText(a.label, a.name)]), {emptyText: t('all')});
}

function namedList(entries, withMark) {
  return inlineList((entries || []).map((entry) => h('span', {class: 'named'}, named(entry.label, entry.name),
    withMark && entry.mark ? [' ', classMark(entry.mark)] : null)));
}

function questionsList(questions) {
  const list = h('ol', {class: 'questions'});
  for (const q of questions || []) {
    list.appendChild(h('li', {class: `question status-${q.status}`},
      h('span', {class: 'question-title'}, q.title || questionTitle(q.question)), ' ',
      statusBadge(q.status), q.answer ? h('p', {class: 'question-answer'}, q.answer) : null));
  }
  return list;
}

// A rule's condition with its structure (GET /v1/register, condition_clauses): an atom is its sentence; "all",
// "any" and "not" become a heading over a nested list, so the and/or/not reads without brackets.
function conditionTree(clause) {
  if (clause.text !== undefined) return h('span', {class: 'condition-atom'}, clause.text);
  const kind = clause.all ? 'all' : clause.any ? 'any' : 'not';
  const parts = kind === 'not' ? [clause.not] : clause[kind];
  const list = h('ul', {class: `condition-${kind}`});
  for (const part of parts) list.appendChild(h('li', {}, conditionTree(part)));
  const heading = {all: 'conditionAll', any: 'conditionAny', not: 'conditionNot'}[kind];
  return h('div', {class: 'condition'}, h('span', {class: 'condition-heading'}, t(heading)), list);
}

function conditionOf(rule) {
  if (!rule.condition_clauses) return t('ruleConditionNone');
  return h('div', {class: 'condition-text', title: rule.condition}, conditionTree(rule.condition_clauses));
}

function renderPermit(permit) {
  const details = h('details', {class: 'rule permit', dataset: {rule: permit.rule}});
  details.appendChild(h('summary', {},
    h('span', {class: 'rule-kind'}, t('rulePermit')), ' ', h('code', {class: 'id'}, permit.rule),
    permit.purposes && permit.purposes.length ? [' · ', permit.purposes.map((p) => p.label).join(', ')] : null));
  details.appendChild(definitionList([
    [t('ruleSays'), permit.says],
    [t('ruleControllers'), namedList(permit.controllers, true)],
    [t('ruleRecipients'), namedList(permit.recipients, true)],
    [t('rulePurposes'), namedList(permit.purposes)],
    [t('ruleCategories'), namedList(permit.categories, true)],
    [t('ruleSubjects'), permit.data_subjects],
    [t('ruleBases'), namedList(permit.bases)],
    [t('ruleCondition'), conditionOf(permit)],
    [t('ruleConditions'), namedList(permit.conditions)],
    [t('ruleMeasures'), inlineList(permit.measures || [])],
    [t('ruleRetention'), permit.retention],
    [t('ruleCitations'), inlineList(permit.citations || [])],
    [t('lawValid'), permit.valid],
    [t('ruleReference'), permit.reference ? link(permit.reference) : null],
  ]));
  if (permit.questions && permit.questions.length) {
    details.appendChild(h('p', {class: 'subheading'}, t('ruleQuestions')));
    details.appendChild(questionsList(permit.questions));
  }
  return details;
}

function renderProhibition(prohibition) {
  const details = h('details', {class: 'rule prohibition', dataset: {rule: prohibition.rule}});
  details.appendChild(h('summary', {},
    h('span', {class: 'rule-kind'}, t('ruleProhibition')), ' ', h('code', {class: 'id'}, prohibition.rule)));
  details.appendChild(definitionList([
    [t('ruleSays'), prohibition.says],
    [t('ruleSummary'), prohibition.summary],
    [t('ruleCondition'), prohibition.condition || t('ruleConditionNone')],
    [t('ruleCitations'), inlineList(prohibition.citations || [])],
  ]));
  return details;
}

function searchText(...parts) {
  return JSON.stringify(parts).toLowerCase();
}

function renderRegister() {
  const results = clear($('law-results'));
  const register = state.register;
  const byLaw = new Map();
  for (const section of register.sections) {
    if (!byLaw.has(section.law)) byLaw.set(section.law, []);
    byLaw.get(section.law).push(section);
  }
  for (const [law, sections] of byLaw) {
    const group = h('section', {class: 'law-group', dataset: {law}, 'aria-label': law}, h('h3', {class: 'law-name'}, law));
    for (const section of sections) group.appendChild(renderSection(section));
    results.appendChild(group);
  }
}

// The corpus cases that the server ran against this set (grondslag serve --corpus) and that this
// provision decided: by name, with the data item, the decision and whether the case passed.
function coverageOf(provision) {
  const coverage = state.coverage;
  if (!coverage || !coverage.cases) return null;
  const cases = (coverage.provisions || {})[provision] || [];
  const details = h('details', {class: 'coverage', dataset: {cases: String(cases.length)}});
  details.appendChild(h('summary', {}, cases.length ? t('lawCases', cases.length) : t('lawNoCases')));
  if (cases.length) {
    details.appendChild(h('ul', {}, cases.map((c) => h('li', {dataset: {case: c.name}},
      h('code', {class: 'id'}, c.name), ` ${c.data}: `, decisionBadge(c.decision), c.passed ? '' : ` ${t('lawCaseFailed')}`,
      h('span', {class: 'muted'}, ` (${c.file.split('/').pop()})`)))));
  }
  return details;
}

function renderSection(section) {
  const article = h('article', {class: 'provision', dataset: {provision: section.provision}});
  const headingId = `provision-${section.provision.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  article.setAttribute('aria-labelledby', headingId);
  article.appendChild(h('h4', {id: headingId}, h('span', {class: 'label'}, section.citation), ' ',
    h('code', {class: 'id'}, section.provision)));
  // The provision's own article: the Juriconnect or ELI reference its permits carry.
  const references = [...new Set((section.permits || []).map((p) => p.reference).filter(Boolean))];
  article.appendChild(definitionList([
    [t('lawValid'), section.valid],
    [t('lawKind'), section.kind],
    [t('lawSource'), section.source_url ? link(section.source_url, t('lawOfficial', section.source || section.law)) : section.source],
    [t('lawArticle'), inlineList(references.map((url) => link(url)))],
  ]));
  if (section.says) {
    article.appendChild(h('blockquote', {class: 'provision-text', 'aria-label': t('lawProvisionText')}, section.says));
  }
  const permits = section.permits || [];
  const prohibitions = section.prohibitions || [];
  if (permits.length) {
    article.appendChild(h('p', {class: 'subheading'}, t('lawPermits')));
    for (const permit of permits) {
      const element = renderPermit(permit);
      element._filter = {
        text: searchText(permit),
        categories: new Set((permit.categories || []).map((c) => c.name)),
        parties: new Set([...(permit.controllers || []), ...(permit.recipients || [])].map((a) => a.name)),
      };
      article.appendChild(element);
    }
  }
  if (prohibitions.length) {
    article.appendChild(h('p', {class: 'subheading'}, t('lawProhibitions')));
    for (const prohibition of prohibitions) {
      const element = renderProhibition(prohibition);
      element._filter = {text: searchText(prohibition), summary: String(prohibition.summary || '').toLowerCase()};
      article.appendChild(element);
    }
  }
  if (!permits.length && !prohibitions.length) article.appendChild(h('p', {class: 'muted'}, t('lawNoRules')));
  const covering = coverageOf(section.provision);
  if (covering) article.appendChild(covering);
  article._filter = {
    law: section.law,
    text: searchText(section.provision, section.citation, section.law, section.says, section.source, section.kind),
  };
  return article;
}

// The filter only hides and shows what the register lists. A permit matches a category or party by the
// names the register gives it; a prohibition, which the register describes in words only, by its summary
// naming the chosen label (or "eenieder"/"everyone" for a party, "alle gegevens"/"all data" for data).
function ruleMatchesSelection(rule, selection) {
  const f = rule._filter;
  if (rule.classList.contains('permit')) {
    return (!selection.category || f.categories.has(selection.category)) && (!selection.party || f.parties.has(selection.party));
  }
  const categoryOk = !selection.category || f.summary.includes(selection.categoryLabel) || /alle gegevens|all data/.test(f.summary);
  const partyOk = !selection.party || f.summary.includes(selection.partyLabel) || /eenieder|everyone|anyone/.test(f.summary);
  return categoryOk && partyOk;
}

function applyLawFilter() {
  if (!state.register) return;
  const labelOf = (map, name) => (name && state.names && map(state.names).get(name) ? map(state.names).get(name).label.toLowerCase() : '');
  const selection = {
    law: $('law-law').value,
    category: $('law-category').value,
    party: $('law-party').value,
    categoryLabel: labelOf((n) => n.categories, $('law-category').value),
    partyLabel: labelOf((n) => n.actors, $('law-party').value),
  };
  const words = $('law-text').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  let total = 0;
  for (const group of document.querySelectorAll('#law-results .law-group')) {
    let groupShown = 0;
    for (const article of group.querySelectorAll('.provision')) {
      total += 1;
      // Words found in the provision itself keep all its rules; otherwise a rule must hold them all.
      const provisionHasWords = words.every((w) => article._filter.text.includes(w));
      let rulesShown = 0;
      let rulesSelected = 0;
      for (const rule of article.querySelectorAll('.rule')) {
        const selected = ruleMatchesSelection(rule, selection);
        const hasWords = provisionHasWords || words.every((w) => rule._filter.text.includes(w));
        rule.hidden = !(selected && hasWords);
        if (selected) rulesSelected += 1;
        if (selected && hasWords) rulesShown += 1;
      }
      let visible = !selection.law || article._filter.law === selection.law;
      if ((selection.category || selection.party) && rulesSelected === 0) visible = false;
      if (words.length && !provisionHasWords && rulesShown === 0) visible = false;
      article.hidden = !visible;
      if (visible) { shown += 1; groupShown += 1; }
    }
    group.hidden = groupShown === 0;
  }
  announce($('law-status'), shown ? t('lawCount', shown, total, state.register.as_of) : t('lawNone'));
}

// ---------------------------------------------------------------------------------------------------------
// Ask: the form, built from the vocabulary

function setupAsk() {
  $('ask-date').value = localToday();
  $('ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm();
  });
  $('ask-purpose').addEventListener('change', () => {
    const draft = readForm().request;
    rebuildPurposeParts();
    fillForm(draft, {keepFlow: true});
  });
  $('ask-reset').addEventListener('click', () => {
    buildAskForm();
    $('ask-date').value = localToday();
    $('ask-id').value = '';
    showAskError(null);
  });
  $('ask-copy-sent').addEventListener('click', () => copyText($('ask-sent-json').textContent, $('ask-status')));
  $('ask-copy-answer').addEventListener('click', () => copyText($('ask-answer-json').textContent, $('ask-status')));
  $('ask-json-fill').addEventListener('click', () => {
    const request = readJsonEditor();
    if (!request) return;
    const unknown = fillForm(request);
    announce($('ask-json-status'), unknown.length ? t('askJsonPartly', unknown.join(', ')) : t('askJsonFilled'));
  });
  $('ask-json-send').addEventListener('click', () => {
    const text = $('ask-json-input').value;
    if (!readJsonEditor()) return;
    ask(text, null);
  });
}

function readJsonEditor() {
  let request;
  try {
    request = JSON.parse($('ask-json-input').value);
  } catch (error) {
    announce($('ask-json-status'), error.message);
    return null;
  }
  if (!request || typeof request !== 'object' || Array.isArray(request)) {
    announce($('ask-json-status'), t('askJsonNotObject'));
    return null;
  }
  return request;
}

function buildAskForm() {
  if (!state.vocabulary) return;
  const vocabulary = state.vocabulary;
  fillSelect($('ask-sender'), vocabulary.actors.map((a) => [a.name, optionText(a.label, a.name)]));
  fillSelect($('ask-purpose'), vocabulary.purposes.map((p) => [p.name, optionText(p.label, p.name)]));
  rebuildPurposeParts();
}

function currentPurpose() {
  return state.names ? state.names.purposes.get($('ask-purpose').value) : null;
}

// Recipient, phase, data and facts depend on the purpose.
function rebuildPurposeParts() {
  const purpose = currentPurpose();
  const vocabulary = state.vocabulary;
  // Recipients: those a rule for this purpose names first; the others stay available, so that a
  // flow no rule covers can be asked too (the server then says why it is denied).
  const recipientSelect = $('ask-recipient');
  const previousRecipient = recipientSelect.value;
  clear(recipientSelect);
  const forPurpose = new Set(purpose ? purpose.recipients : []);
  const first = h('optgroup', {label: t('askRecipientsForPurpose')});
  const other = h('optgroup', {label: t('askRecipientsOther')});
  for (const actor of vocabulary.actors) {
    (forPurpose.has(actor.name) ? first : other).appendChild(h('option', {value: actor.name}, optionText(actor.label, actor.name)));
  }
  if (first.children.length) recipientSelect.appendChild(first);
  if (other.children.length) recipientSelect.appendChild(other);
  if ([...recipientSelect.options].some((o) => o.value === previousRecipient)) recipientSelect.value = previousRecipient;

  const phases = purpose && purpose.phases ? purpose.phases : [];
  $('ask-phase-field').hidden = phases.length === 0;
  fillSelect($('ask-phase'), phases.map((p) => [p.name, optionText(p.label, p.name)]), {emptyText: t('askNoPhase')});

  buildDataList(purpose);
  buildFacts(purpose);
}

function buildDataList(purpose) {
  const container = clear($('ask-data-list'));
  const needs = new Set(purpose ? purpose.needs : []);
  const groups = [
    [t('askDataForPurpose'), state.vocabulary.categories.filter((c) => needs.has(c.name))],
    [t('askDataOther'), state.vocabulary.categories.filter((c) => !needs.has(c.name))],
  ];
  for (const [legend, categories] of groups) {
    if (!categories.length) continue;
    const fieldset = h('fieldset', {class: 'checkbox-group'}, h('legend', {}, legend));
    for (const category of categories) {
      const id = `data-${category.name}`;
      fieldset.appendChild(h('div', {class: 'checkbox'},
        h('input', {type: 'checkbox', id, name: 'data', value: category.name}),
        h('label', {for: id}, named(category.label, category.name), category.class ? [' ', classMark(category.class)] : null)));
    }
    container.appendChild(fieldset);
  }
}

function factLegend(fact) {
  return [h('span', {class: 'label'}, fact.label || fact.name), ' ', h('code', {class: 'id'}, fact.name)];
}

function buildFacts(purpose) {
  const container = clear($('ask-facts-list'));
  const names = purpose ? purpose.facts : [];
  if (!names.length) {
    container.appendChild(h('p', {class: 'muted'}, t('askNoFacts')));
    return;
  }
  for (const name of names) {
    const fact = state.names.facts.get(name) || {name, label: name, type: 'text_set'};
    container.appendChild(factControl(fact, `fact-${fact.name}`, factLegend(fact)));
  }
}

// One control per fact type. Every control has an empty state that sends nothing.
function factControl(fact, id, labelContent) {
  const wrapper = h('div', {class: `fact fact-${fact.type}`, dataset: {fact: fact.name, type: fact.type, id}});
  switch (fact.type) {
    case 'bool': {
      const fieldset = h('fieldset', {class: 'tri-state'}, h('legend', {}, labelContent));
      for (const [value, text] of [['', t('factNotGiven')], ['true', t('factYes')], ['false', t('factNo')]]) {
        const radioId = `${id}-${value || 'unset'}`;
        fieldset.appendChild(h('span', {class: 'radio'},
          h('input', {type: 'radio', id: radioId, name: id, value, checked: value === ''}),
          h('label', {for: radioId}, text)));
      }
      wrapper.appendChild(fieldset);
      break;
    }
    case 'integer':
      wrapper.appendChild(h('label', {for: id}, labelContent));
      wrapper.appendChild(h('input', {type: 'number', id, step: 1, inputmode: 'numeric'}));
      break;
    case 'date':
      wrapper.appendChild(h('label', {for: id}, labelContent));
      wrapper.appendChild(h('input', {type: 'date', id}));
      break;
    case 'enum': {
      wrapper.appendChild(h('label', {for: id}, labelContent));
      const select = h('select', {id}, h('option', {value: ''}, t('factNotGivenOption')));
      for (const value of fact.values || []) select.appendChild(h('option', {value}, value));
      wrapper.appendChild(select);
      break;
    }
    case 'record': {
      const fieldset = h('fieldset', {class: 'record'}, h('legend', {}, labelContent));
      for (const field of fact.fields || []) {
        fieldset.appendChild(factControl(field, `${id}-${field.name}`, [h('code', {class: 'id id-only'}, field.name)]));
      }
      wrapper.appendChild(fieldset);
      break;
    }
    case 'consents':
      wrapper.appendChild(consentsEditor(id, labelContent));
      break;
    default: { // text_set, and any type this page does not know: a list of texts
      const hintId = `${id}-hint`;
      wrapper.appendChild(h('label', {for: id}, labelContent));
      wrapper.appendChild(h('textarea', {id, rows: 2, spellcheck: 'false', 'aria-describedby': hintId}));
      wrapper.appendChild(h('span', {id: hintId, class: 'hint'},
        fact.articles ? `${t('factArticlesHint')} ${t('factTextSetHint')}` : t('factTextSetHint')));
    }
  }
  return wrapper;
}

function consentsEditor(id, labelContent) {
  const fieldset = h('fieldset', {class: 'consents', id: `${id}-group`}, h('legend', {}, labelContent));
  const choice = h('div', {class: 'tri-state'});
  for (const [value, text] of [['', t('factNotGiven')], ['given', t('consentsGiven')]]) {
    const radioId = `${id}-${value || 'unset'}`;
    choice.appendChild(h('span', {class: 'radio'},
      h('input', {type: 'radio', id: radioId, name: id, value, checked: value === ''}),
      h('label', {for: radioId}, text)));
  }
  fieldset.appendChild(choice);
  const list = h('div', {class: 'consent-list', id: `${id}-list`});
  fieldset.appendChild(list);
  // Records stay while "not given" is chosen, hidden and not sent, so that choosing "given" again restores them.
  choice.addEventListener('change', () => { list.hidden = !$(`${id}-given`).checked; });
  fieldset.appendChild(h('button', {type: 'button', class: 'add', onclick: () => {
    addConsent(id);
    const last = list.lastElementChild;
    if (last) last.querySelector('select').focus();
  }}, t('consentAdd')));
  return fieldset;
}

function addConsent(id, record = {}) {
  const list = $(`${id}-list`);
  // Adding a record means the list is given.
  $(`${id}-given`).checked = true;
  list.hidden = false;
  const index = list.children.length;
  const prefix = `${id}-${index}`;
  const categorySelect = h('select', {id: `${prefix}-categorie`}, h('option', {value: ''}, t('consentChoose')));
  for (const c of state.vocabulary.categories) categorySelect.appendChild(h('option', {value: c.name}, optionText(c.label, c.name)));
  const recipientSelect = h('select', {id: `${prefix}-ontvanger`}, h('option', {value: ''}, t('consentAnyRecipient')));
  for (const a of state.vocabulary.actors) recipientSelect.appendChild(h('option', {value: a.name}, optionText(a.label, a.name)));
  const purposeSelect = h('select', {id: `${prefix}-doel`}, h('option', {value: ''}, t('consentAnyPurpose')));
  for (const p of state.vocabulary.purposes) purposeSelect.appendChild(h('option', {value: p.name}, optionText(p.label, p.name)));
  const fieldset = h('fieldset', {class: 'consent', dataset: {index}},
    h('legend', {}, t('consentRecord', index + 1)),
    h('div', {class: 'field'}, h('label', {for: `${prefix}-categorie`}, t('consentCategory')), categorySelect),
    h('div', {class: 'field'}, h('label', {for: `${prefix}-gegeven`}, t('consentGiven')), h('input', {type: 'date', id: `${prefix}-gegeven`})),
    h('div', {class: 'field'}, h('label', {for: `${prefix}-ingetrokken`}, t('consentWithdrawn')), h('input', {type: 'date', id: `${prefix}-ingetrokken`})),
    h('div', {class: 'field checkbox'}, h('input', {type: 'checkbox', id: `${prefix}-uitdrukkelijk`}),
      h('label', {for: `${prefix}-uitdrukkelijk`}, t('consentExplicit'))),
    h('div', {class: 'field'}, h('label', {for: `${prefix}-ontvanger`}, t('consentRecipient')), recipientSelect),
    h('div', {class: 'field'}, h('label', {for: `${prefix}-doel`}, t('consentPurpose')), purposeSelect),
    h('button', {type: 'button', class: 'remove', onclick: () => {
      const records = readConsents(id) || [];
      records.splice(index, 1);
      setConsents(id, records);
      $(`${id}-given`).focus();
    }}, t('consentRemove', index + 1)));
  list.appendChild(fieldset);
  if (record.categorie) categorySelect.value = record.categorie;
  if (record.gegeven) $(`${prefix}-gegeven`).value = record.gegeven;
  if (record.ingetrokken) $(`${prefix}-ingetrokken`).value = record.ingetrokken;
  if (record.uitdrukkelijk === true) $(`${prefix}-uitdrukkelijk`).checked = true;
  if (record.ontvanger) recipientSelect.value = record.ontvanger;
  if (record.doel) purposeSelect.value = record.doel;
}

function readConsents(id) {
  if (!$(`${id}-given`) || !$(`${id}-given`).checked) return undefined;
  const records = [];
  for (const fieldset of $(`${id}-list`).children) {
    const prefix = `${id}-${fieldset.dataset.index}`;
    const record = {};
    const value = (field) => $(`${prefix}-${field}`).value;
    // Fields left empty are not sent; the server names a missing required one.
    if (value('categorie')) record.categorie = value('categorie');
    if (value('gegeven')) record.gegeven = value('gegeven');
    if (value('ingetrokken')) record.ingetrokken = value('ingetrokken');
    if ($(`${prefix}-uitdrukkelijk`).checked) record.uitdrukkelijk = true;
    if (value('ontvanger')) record.ontvanger = value('ontvanger');
    if (value('doel')) record.doel = value('doel');
    records.push(record);
  }
  return records;
}

function setConsents(id, records) {
  clear($(`${id}-list`));
  if (records === undefined || records === null) {
    $(`${id}-unset`).checked = true;
    return;
  }
  $(`${id}-given`).checked = true;
  $(`${id}-list`).hidden = false;
  for (const record of records) addConsent(id, record);
}

// The value of one fact control: undefined when not given (then nothing is sent).
function readFact(wrapper, problems) {
  const {type, id, fact} = wrapper.dataset;
  switch (type) {
    case 'bool': {
      const checked = wrapper.querySelector(`input[name="${id}"]:checked`);
      return !checked || checked.value === '' ? undefined : checked.value === 'true';
    }
    case 'integer': {
      const input = $(id);
      if (input.validity.badInput) { problems.push(t('factIntegerInvalid', fact)); return undefined; }
      return input.value === '' ? undefined : Number(input.value);
    }
    case 'date':
    case 'enum':
      return $(id).value === '' ? undefined : $(id).value;
    case 'record': {
      const record = {};
      for (const field of wrapper.querySelector('fieldset').children) {
        if (!field.dataset || !field.dataset.fact) continue;
        const value = readFact(field, problems);
        if (value !== undefined) record[field.dataset.fact] = value;
      }
      return Object.keys(record).length ? record : undefined;
    }
    case 'consents':
      return readConsents(id);
    default: {
      const text = $(id).value.trim();
      return text ? text.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean) : undefined;
    }
  }
}

function writeFact(wrapper, value) {
  const {type, id} = wrapper.dataset;
  switch (type) {
    case 'bool': {
      const wanted = value === true ? 'true' : value === false ? 'false' : '';
      const radio = wrapper.querySelector(`input[name="${id}"][value="${wanted}"]`);
      if (radio) radio.checked = true;
      return typeof value === 'boolean' || value === undefined;
    }
    case 'integer':
      $(id).value = value === undefined ? '' : String(value);
      return value === undefined || Number.isInteger(value);
    case 'date':
      $(id).value = value === undefined ? '' : String(value);
      return value === undefined || $(id).value === String(value);
    case 'enum':
      $(id).value = value === undefined ? '' : String(value);
      return value === undefined || $(id).value === String(value);
    case 'record': {
      let fits = value === undefined || (typeof value === 'object' && !Array.isArray(value));
      const seen = new Set();
      for (const field of wrapper.querySelector('fieldset').children) {
        if (!field.dataset || !field.dataset.fact) continue;
        seen.add(field.dataset.fact);
        if (!writeFact(field, value ? value[field.dataset.fact] : undefined)) fits = false;
      }
      if (value && Object.keys(value).some((k) => !seen.has(k))) fits = false;
      return fits;
    }
    case 'consents':
      if (value !== undefined && !Array.isArray(value)) return false;
      setConsents(id, value);
      return true;
    default:
      $(id).value = Array.isArray(value) ? value.join('\n') : '';
      return value === undefined || Array.isArray(value);
  }
}

// The request the form describes, in the contract's field order; only what is given is sent.
function readForm() {
  const problems = [];
  const request = {};
  const id = $('ask-id').value.trim();
  if (id) request.id = id;
  if ($('ask-date').value) request.date = $('ask-date').value;
  request.sender = $('ask-sender').value;
  request.recipient = $('ask-recipient').value;
  request.purpose = $('ask-purpose').value;
  if (!$('ask-phase-field').hidden && $('ask-phase').value) request.phase = $('ask-phase').value;
  request.data = [...document.querySelectorAll('#ask-data-list input[name="data"]:checked')].map((i) => i.value);
  const facts = {};
  for (const wrapper of $('ask-facts-list').children) {
    if (!wrapper.dataset || !wrapper.dataset.fact) continue;
    const value = readFact(wrapper, problems);
    if (value !== undefined) facts[wrapper.dataset.fact] = value;
  }
  request.facts = facts;
  return {request, problems};
}

// Puts a request into the form; returns what the form cannot show (names the served set does not know,
// facts the purpose's rules do not read).
function fillForm(request, {keepFlow = false} = {}) {
  const unknown = [];
  if (!state.vocabulary || !request) return unknown;
  const setSelect = (select, value, path) => {
    if (value === undefined) return;
    if ([...select.options].some((o) => o.value === value)) select.value = value;
    else unknown.push(`${path}: ${value}`);
  };
  if (!keepFlow) {
    $('ask-id').value = request.id === undefined ? '' : String(request.id);
    if (request.date) $('ask-date').value = request.date;
    setSelect($('ask-sender'), request.sender, 'sender');
    if (request.purpose !== undefined && request.purpose !== $('ask-purpose').value) {
      setSelect($('ask-purpose'), request.purpose, 'purpose');
      rebuildPurposeParts();
    }
  }
  setSelect($('ask-recipient'), request.recipient, 'recipient');
  if (request.phase !== undefined) setSelect($('ask-phase'), request.phase, 'phase');
  else $('ask-phase').value = '';
  const wanted = new Set(Array.isArray(request.data) ? request.data : []);
  for (const input of document.querySelectorAll('#ask-data-list input[name="data"]')) input.checked = wanted.has(input.value);
  for (const name of wanted) if (!state.names.categories.has(name)) unknown.push(`data: ${name}`);
  const facts = request.facts && typeof request.facts === 'object' ? request.facts : {};
  const placed = new Set();
  for (const wrapper of $('ask-facts-list').children) {
    if (!wrapper.dataset || !wrapper.dataset.fact) continue;
    const name = wrapper.dataset.fact;
    const value = facts[name] === null ? undefined : facts[name];
    if (!writeFact(wrapper, value)) unknown.push(`facts.${name}`);
    placed.add(name);
  }
  for (const name of Object.keys(facts)) if (!placed.has(name)) unknown.push(`facts.${name}`);
  return unknown;
}

function submitForm() {
  if (!state.vocabulary) return;
  const {request, problems} = readForm();
  if (problems.length) {
    showAskError({message: problems.join(' ')});
    return;
  }
  // The body sent is exactly the text shown under "Request sent".
  ask(JSON.stringify(request, null, 2), null);
}

function showAskError(error, note) {
  const box = $('ask-error');
  clear(box);
  for (const element of document.querySelectorAll('#ask-form [aria-invalid="true"]')) element.removeAttribute('aria-invalid');
  if (!error) {
    box.hidden = true;
    return;
  }
  box.appendChild(h('p', {class: 'error-title'}, t('askErrorTitle')));
  if (note) box.appendChild(h('p', {}, note()));
  if (error.path !== undefined) box.appendChild(h('p', {}, t('askErrorPath', ''), h('code', {}, error.path || '/')));
  box.appendChild(h('p', {}, t('askErrorMessage', error.message || '')));
  const control = error.path ? controlForPath(error.path) : null;
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    box.appendChild(h('button', {type: 'button', onclick: () => control.focus()}, t('askErrorGoTo')));
  }
  box.hidden = false;
  box.focus();
}

// The form control a JSON path of an error answer points at, when the form has one.
function controlForPath(path) {
  const parts = path.split('/').filter(Boolean);
  if (!parts.length) return null;
  if (parts[0] === 'data') {
    const inputs = document.querySelectorAll('#ask-data-list input[name="data"]');
    return inputs.length ? (document.querySelector('#ask-data-list input:checked') || inputs[0]) : null;
  }
  if (parts[0] !== 'facts') return $(`ask-${parts[0]}`);
  for (let n = parts.length; n >= 2; n -= 1) {
    const id = `fact-${parts.slice(1, n).join('-')}`;
    const element = $(id) || $(`${id}-unset`) || document.querySelector(`[data-id="${CSS.escape(id)}"] input, [data-id="${CSS.escape(id)}"] select`);
    if (element) return element;
  }
  return null;
}

async function ask(text, note) {
  const status = $('ask-status');
  showAskError(null);
  $('ask-result').hidden = true;
  if (state.asking) return;
  state.asking = true;
  $('ask-submit').setAttribute('aria-disabled', 'true');
  announce(status, t('askBusy'));
  let request = null;
  try { request = JSON.parse(text); } catch (error) { /* the server will say what is wrong */ }
  try {
    const [decided, explained] = await Promise.allSettled([
      api('/v1/decide?why_not=true', {method: 'POST', body: text}),
      api('/v1/explain', {method: 'POST', body: text}),
    ]);
    if (decided.status === 'rejected') throw decided.reason;
    const result = decided.value;
    if (result.status === 400) {
      const answer = parseJson(result.text);
      const error = answer && answer.error ? answer.error : {message: result.text};
      state.lastAsk = null;
      showAskError(error, note);
      announce(status, t('askErrorDone', error.message || ''));
      return;
    }
    if (!result.ok) throw new ApiError(serverErrorMessage(result), result.status);
    const answer = parseJson(result.text);
    if (!answer || !Array.isArray(answer.items) || typeof answer.decision !== 'string') throw new ApiError(t('badJson'), 0);
    let explanation;
    if (explained.status === 'rejected') explanation = {error: explained.reason.message};
    else if (explained.value.ok) explanation = {text: explained.value.text};
    else explanation = {error: serverErrorMessage(explained.value)};
    state.lastAsk = {text, request, answer, explanation, note, responseText: result.text};
    await refreshRegisterLabels(request);
    renderAskResult();
    announce(status, t('askDone', decisionText(answer.decision), answer.items.length));
    $('ask-result-heading').focus();
  } catch (error) {
    state.lastAsk = null;
    showAskError({message: error.message});
    announce(status, error.message);
  } finally {
    state.asking = false;
    $('ask-submit').removeAttribute('aria-disabled');
    document.body.dataset.asked = String(Number(document.body.dataset.asked || 0) + 1);
  }
}

async function refreshExplanation() {
  const last = state.lastAsk;
  if (!last) return;
  try {
    const result = await api('/v1/explain', {method: 'POST', body: last.text});
    last.explanation = result.ok ? {text: result.text} : {error: serverErrorMessage(result)};
  } catch (error) {
    last.explanation = {error: error.message};
  }
}

const registerCache = new Map(); // by date, language and the policy set that answered (a reload brings another)

// Labels for what an answer names by id (provisions, rules, bases) come from the register of the
// request's date; without it the ids are shown alone.
async function refreshRegisterLabels(request) {
  state.registerLabels = null;
  const date = request && typeof request.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(request.date) ? request.date : null;
  if (!date) return;
  try {
    const key = `${date} ${state.lang} ${state.lastAsk ? state.lastAsk.answer.policy_set : ''}`;
    if (!registerCache.has(key)) registerCache.set(key, await getJson(`/v1/register?date=${date}`));
    const register = registerCache.get(key);
    const provisions = new Map();
    const rules = new Map();
    const bases = new Map();
    for (const section of register.sections || []) {
      provisions.set(section.provision, section);
      for (const permit of section.permits || []) {
        rules.set(permit.rule, permit);
        for (const basis of permit.bases || []) bases.set(basis.name, basis.label);
      }
      for (const prohibition of section.prohibitions || []) rules.set(prohibition.rule, prohibition);
    }
    state.registerLabels = {provisions, rules, bases};
  } catch (error) { /* ids alone */ }
}

function decisionText(decision) {
  return {permit: t('decisionPermit'), deny: t('decisionDeny'), partial: t('decisionPartial')}[decision] || t('decisionUnknown');
}

// The decision exactly as the answer gives it: its code beside the words, never one without the other.
function decisionBadge(decision) {
  const known = ['permit', 'deny', 'partial'].includes(decision);
  return h('span', {class: `decision decision-${known ? decision : 'unknown'}`, dataset: {decision: String(decision)}},
    h('span', {class: 'decision-icon', 'aria-hidden': 'true'}, {permit: '✓', deny: '✗', partial: '◐'}[decision] || '?'), ' ',
    decisionText(decision), ' ', h('code', {class: 'id'}, String(decision)));
}

function statusBadge(status) {
  const text = {answered: t('statusAnswered'), not_applicable: t('statusNotApplicable'), open: t('statusOpen'), not_reached: t('statusNotReached')}[status];
  return h('span', {class: `status-badge status-${status}`}, text || status);
}

function questionTitle(code) {
  return {subject_law: t('qSubjectLaw'), special_data: t('qSpecialData'), criminal_data: t('qCriminalData'),
    legal_number: t('qLegalNumber'), provision_duty: t('qProvisionDuty')}[code] || code;
}

function provisionNamed(id, reference) {
  const section = state.registerLabels && state.registerLabels.provisions.get(id);
  const url = reference && reference.url ? reference.url : section && section.source_url;
  return h('span', {class: 'named'}, section ? named(section.citation, id) : h('code', {class: 'id id-only'}, id),
    url ? [' ', link(url, t('itemOfficial'))] : null);
}

function ruleNamed(id) {
  const rule = state.registerLabels && state.registerLabels.rules.get(id);
  return h('span', {class: 'named'}, h('code', {class: 'id id-only'}, id),
    rule && rule.says ? h('span', {class: 'rule-says'}, ` ${rule.says}`) : null);
}

function basisNamed(id) {
  let label = state.registerLabels && state.registerLabels.bases.get(id);
  if (!label && state.register) {
    for (const section of state.register.sections) {
      for (const permit of section.permits || []) {
        const basis = (permit.bases || []).find((b) => b.name === id);
        if (basis) { label = basis.label; break; }
      }
      if (label) break;
    }
  }
  return named(label || '', id);
}

function groundList(grounds) {
  if (!Array.isArray(grounds)) return grounds === undefined ? null : String(grounds);
  return inlineList(grounds.map((g) => (typeof g === 'string' ? basisNamed(g) : JSON.stringify(g))));
}

const OBLIGATION_TITLES = {
  retain: 'obRetain', retain_at_least: 'obRetainAtLeast', use_number: 'obUseNumber', log: 'obLog', notify: 'obNotify',
  secrecy: 'obSecrecy', inform: 'obInform', motivation: 'obMotivation', shield_after_close: 'obShield',
};

function obligationItem(obligation) {
  const key = OBLIGATION_TITLES[obligation.kind];
  const fields = [];
  const fieldNames = {until: 'fUntil', period: 'fPeriod', counted_from: 'fCountedFrom', provision: 'fProvision',
    citation: 'fCitation', category: 'fCategory', actor: 'fActor'};
  for (const [field, value] of Object.entries(obligation)) {
    if (field === 'kind') continue;
    let shown = typeof value === 'string' ? value : JSON.stringify(value);
    if (field === 'counted_from') shown = factNamed(value);
    else if (field === 'category') shown = categoryNamed(value);
    else if (field === 'actor') shown = actorNamed(value);
    fields.push(h('span', {class: 'ob-field'}, `${fieldNames[field] ? t(fieldNames[field]) : field}: `, shown));
  }
  return h('li', {class: key ? 'obligation' : 'obligation unknown-kind'},
    key ? h('strong', {}, t(key)) : h('strong', {}, t('obligationUnknown', obligation.kind)), ' ',
    h('code', {class: 'id'}, String(obligation.kind)), fields.length ? [': ', fields.map((f, i) => [i ? '; ' : '', f])] : null);
}

function questionItem(question) {
  const rows = [];
  if (question.provision !== undefined) rows.push([t('itemProvision'), provisionNamed(question.provision)]);
  if (question.citation !== undefined) rows.push([t('itemCitations'), question.citation]);
  if (question.grounds !== undefined) rows.push([t('qGrounds'), question.grounds.length ? groundList(question.grounds) : t('none')]);
  if (question.question === 'provision_duty' && question.status === 'answered') {
    rows.push([t('qKind'), question.kind === 'duty' ? t('kindDuty') : question.kind === 'power' ? t('kindPower') : question.kind || t('qKindNone')]);
  } else if (question.kind !== undefined) rows.push([t('qKind'), question.kind]);
  if (question.secrecy !== undefined) {
    rows.push([t('qSecrecy'), question.secrecy.length
      ? inlineList(question.secrecy.map((s) => h('span', {}, s.citation || '', ' ', h('code', {class: 'id'}, s.provision || ''))))
      : t('none')]);
  }
  if (question.notify !== undefined) rows.push([t('qNotify'), question.notify.length ? inlineList(question.notify.map(actorNamed)) : t('none')]);
  if (question.reason !== undefined) rows.push([t('qReason'), question.reason]);
  if (question.rule !== undefined) rows.push([t('itemRule'), ruleNamed(question.rule)]);
  if (question.missing_facts !== undefined && question.missing_facts.length) {
    rows.push([t('itemMissing'), inlineList(question.missing_facts.map(factNamed))]);
  }
  if (question.juvenile === true) rows.push([t('qJuvenile'), t('yes')]);
  return h('li', {class: `question status-${question.status}`, dataset: {question: question.question, status: question.status}},
    h('span', {class: 'question-title'}, questionTitle(question.question)), ' ', statusBadge(question.status),
    rows.length ? definitionList(rows, 'fields compact') : null);
}

// A failing condition of a why_not entry as the server states it: the condition as written, what it
// requires and what the request gave (nothing is judged here).
function failingCondition(f) {
  if (Array.isArray(f.any_of)) {
    return h('li', {}, t('whyNotAnyOf'), h('ol', {}, f.any_of.map((alternative) => h('li', {}, h('ul', {}, alternative.map(failingCondition))))));
  }
  const actual = f.actual === null || f.actual === undefined ? t('whyNotNotGiven') : String(f.actual);
  return h('li', {dataset: {state: f.state || ''}}, h('code', {}, f.condition || ''), ': ',
    `${t('whyNotExpected')} ${f.expected === undefined ? '' : String(f.expected)}, ${t('whyNotActual')} ${actual}`,
    f.from ? ` (≥ ${f.from})` : null, f.until ? ` (≤ ${f.until})` : null);
}

function whyNotEntry(entry) {
  const rows = [[t('itemProvision'), provisionNamed(entry.provision)]];
  rows.push([t('whyNotValidity'), entry.in_force ? t('whyNotInForce') : t('whyNotNotInForce')]);
  if (entry.failing && entry.failing.length) rows.push([t('whyNotFailing'), h('ul', {}, entry.failing.map(failingCondition))]);
  if (entry.missing_facts && entry.missing_facts.length) rows.push([t('itemMissing'), inlineList(entry.missing_facts.map(factNamed))]);
  if (entry.consent && entry.consent.length) {
    rows.push([t('whyNotConsent'), inlineList(entry.consent.map((c) => h('span', {}, categoryNamed(c.category), ' ', h('code', {class: 'id'}, c.state), c.date ? ` ${c.date}` : '')))]);
  }
  if (entry.first_date) rows.push([t('whyNotFirstDate'), entry.first_date]);
  if (entry.blocked_by && entry.blocked_by.length) rows.push([t('whyNotBlockedBy'), inlineList(entry.blocked_by.map(ruleNamed))]);
  return h('li', {class: 'why-not-entry', dataset: {rule: entry.rule}}, h('span', {class: 'why-not-rule'}, ruleNamed(entry.rule)), definitionList(rows, 'fields compact'));
}

function causeText(cause) {
  return {forbidden: t('causeForbidden'), no_rule: t('causeNoRule'), not_in_force: t('causeNotInForce'), conditions: t('causeConditions')}[cause] || cause;
}

function renderItem(item, index) {
  const headingId = `item-${index}`;
  const element = h('li', {class: `item item-${item.decision}`, dataset: {data: item.data, decision: String(item.decision)}, 'aria-labelledby': headingId});
  element.appendChild(h('h4', {id: headingId}, categoryNamed(item.data), ' ', decisionBadge(item.decision)));
  const rows = [];
  if (item.decision === 'deny') {
    if (item.cause !== undefined) rows.push([t('itemCause'), h('span', {}, causeText(item.cause), ' ', h('code', {class: 'id'}, item.cause))]);
    if (item.reason !== undefined) rows.push([t('itemReason'), item.reason]);
    if (item.rule !== undefined) rows.push([t('itemForbid'), ruleNamed(item.rule)]);
    if (item.provision !== undefined) rows.push([t('itemProvision'), provisionNamed(item.provision, item.reference)]);
    if (item.missing_facts && item.missing_facts.length) rows.push([t('itemMissing'), inlineList(item.missing_facts.map(factNamed))]);
    if (item.considered && item.considered.length) rows.push([t('itemConsidered'), inlineList(item.considered.map(ruleNamed))]);
  } else {
    if (item.rule !== undefined) rows.push([t('itemRule'), ruleNamed(item.rule)]);
    if (item.provision !== undefined) rows.push([t('itemProvision'), provisionNamed(item.provision, item.reference)]);
    if (item.provision_kind !== undefined) {
      rows.push([t('itemProvisionKind'), item.provision_kind === 'duty' ? t('kindDuty') : item.provision_kind === 'power' ? t('kindPower') : item.provision_kind]);
    }
    if (item.basis !== undefined) rows.push([t('itemBasis'), basisNamed(item.basis)]);
    if (item.grounds !== undefined) rows.push([t('itemGrounds'), groundList(item.grounds)]);
    if (item.citations) rows.push([t('itemCitations'), inlineList(item.citations)]);
    if (item.obligations) {
      rows.push([t('itemObligations'), item.obligations.length
        ? h('ul', {class: 'obligations'}, item.obligations.map(obligationItem)) : t('none')]);
    }
    if (item.missing_facts && item.missing_facts.length) rows.push([t('itemMissing'), inlineList(item.missing_facts.map(factNamed))]);
  }
  element.appendChild(definitionList(rows));
  if (Array.isArray(item.why_not) && item.why_not.length) {
    element.appendChild(h('p', {class: 'subheading'}, t('whyNotHeading')));
    element.appendChild(h('ul', {class: 'why-not'}, item.why_not.map(whyNotEntry)));
  }
  if (Array.isArray(item.questions) && item.questions.length) {
    element.appendChild(h('p', {class: 'subheading'}, t('questionsHeading')));
    element.appendChild(h('ol', {class: 'questions'}, item.questions.map(questionItem)));
  }
  return element;
}

// One row per item: the answer's decision, and for a permit its provision, for a deny its cause.
function summaryTable(answer) {
  const body = h('tbody');
  for (const item of answer.items) {
    let why = null;
    if (item.decision === 'permit') why = item.provision !== undefined ? provisionNamed(item.provision, item.reference) : null;
    else if (item.cause !== undefined) why = h('span', {}, causeText(item.cause), ' ', h('code', {class: 'id'}, item.cause));
    body.appendChild(h('tr', {}, h('th', {scope: 'row'}, categoryNamed(item.data)), h('td', {}, decisionBadge(item.decision)), h('td', {}, why)));
  }
  return h('table', {class: 'summary'},
    h('caption', {}, t('summaryCaption')),
    h('thead', {}, h('tr', {}, [t('summaryData'), t('summaryDecision'), t('summaryWhy')].map((title) => h('th', {scope: 'col'}, title)))),
    body);
}

function renderAskResult() {
  const last = state.lastAsk;
  if (!last) return;
  const {answer} = last;
  const container = clear($('ask-answer'));
  if (last.note) container.appendChild(h('p', {class: 'notice info'}, last.note()));
  const overall = h('div', {class: `overall overall-${answer.decision}`, id: 'ask-overall', dataset: {decision: String(answer.decision)}},
    h('p', {class: 'overall-line'}, h('span', {class: 'overall-label'}, `${t('overall')}: `), decisionBadge(answer.decision)),
    definitionList([
      [t('answerId'), answer.id !== undefined ? String(answer.id) : null],
      [t('answerPolicySet'), answer.policy_set ? h('code', {class: 'hash'}, answer.policy_set) : null],
    ]));
  if (answer.unverified) overall.appendChild(h('p', {class: 'notice warning'}, t('askNotVerified')));
  if (state.policySet && answer.policy_set && answer.policy_set !== state.policySet.policy_set) {
    overall.appendChild(h('p', {class: 'notice warning'}, t('askOtherSet', answer.policy_set)));
  }
  container.appendChild(overall);
  container.appendChild(summaryTable(answer));
  container.appendChild(h('h3', {}, t('itemsHeading')));
  container.appendChild(h('ol', {class: 'items', id: 'ask-items'}, answer.items.map(renderItem)));
  const explain = $('ask-explain');
  explain.textContent = last.explanation.text !== undefined ? last.explanation.text : t('askExplainFailed', last.explanation.error);
  explain.lang = state.lang;
  $('ask-sent-json').textContent = last.text;
  $('ask-answer-json').textContent = JSON.stringify(answer, null, 2);
  $('ask-result').hidden = false;
}

async function copyText(text, statusElement) {
  try {
    await navigator.clipboard.writeText(text);
    announce(statusElement, t('copied'));
  } catch (error) {
    announce(statusElement, t('copyFailed'));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Review a change: the report of `grondslag diff --json`

function setupReview() {
  $('review-file').addEventListener('change', () => {
    const file = $('review-file').files[0];
    if (file) readDiffFile(file);
  });
  // The whole tab takes a dropped file: a file dropped beside the field would otherwise replace the page.
  const zone = $('review-drop');
  const panel = $('panel-review');
  for (const type of ['dragenter', 'dragover']) {
    panel.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) panel.addEventListener(type, () => zone.classList.remove('dragging'));
  panel.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) readDiffFile(file);
  });
}

async function readDiffFile(file) {
  showError($('review-error'), '');
  announce($('review-status'), t('reviewReading', file.name));
  const text = await file.text();
  loadDiffText(text, file.name);
}

function loadDiffText(text, fileName) {
  let report;
  try {
    report = JSON.parse(text);
  } catch (error) {
    state.diff = null;
    clear($('review-results'));
    showError($('review-error'), t('reviewNotJson', fileName, error.message));
    announce($('review-status'), '');
    return;
  }
  if (!report || typeof report !== 'object' || !Array.isArray(report.groups) || typeof report.complete !== 'boolean') {
    state.diff = null;
    clear($('review-results'));
    showError($('review-error'), t('reviewNotDiff', fileName));
    announce($('review-status'), '');
    return;
  }
  state.diff = {fileName, report};
  renderDiff();
  const regions = report.groups.reduce((n, g) => n + (Array.isArray(g.regions) ? g.regions.length : 0), 0);
  announce($('review-status'), t('reviewLoaded', fileName, report.groups.length, regions));
}

function setLabel(side) {
  if (!side) return null;
  return h('span', {}, side.label ? `${side.label} ` : '', side.policy_set ? h('code', {class: 'hash'}, side.policy_set) : null);
}

function ruleSide(side) {
  if (!side) return null;
  if (!side.rule) return h('div', {class: 'side'}, decisionBadge(side.decision), ' ', t('reviewNoRule'));
  const location = side.location
    ? h('code', {class: 'location'}, `${side.location.file}:${side.location.line}${side.location.column ? `:${side.location.column}` : ''}`)
    : null;
  return h('div', {class: 'side'}, decisionBadge(side.decision), definitionList([
    [t('itemRule'), h('code', {class: 'id id-only'}, side.rule)],
    [t('itemProvision'), side.provision ? h('code', {class: 'id id-only'}, side.provision) : null],
    [t('ruleBases'), side.bases && side.bases.length ? inlineList(side.bases.map(basisNamed)) : null],
    [t('itemObligations'), side.obligations && side.obligations.length ? inlineList(side.obligations) : null],
    [t('reviewLocation'), location],
  ], 'fields compact'));
}

// A text with dates in it, each date in a span that does not break (2022-01-\n01 reads badly).
function textWithDates(key, ...dates) {
  const template = (TEXTS[state.lang] || TEXTS.nl)[key] || TEXTS.nl[key];
  return template.split(/(\{\d+\})/).filter(Boolean).map((part) => {
    const match = /^\{(\d+)\}$/.exec(part);
    return match ? h('span', {class: 'date'}, String(dates[Number(match[1])])) : part;
  });
}

function regionDates(region) {
  if (region.open_ended) return textWithDates('reviewOpenEnded', region.first_date);
  if (region.first_date === region.last_date) return h('span', {class: 'date'}, region.first_date);
  return textWithDates('reviewFromTo', region.first_date, region.last_date);
}

function renderDiff() {
  const {report} = state.diff;
  const results = clear($('review-results'));
  const summary = report.summary || {};
  const rules = report.rules || {};
  const facts = report.facts || {};
  const ruleNames = (list) => (list && list.length
    ? inlineList(list.map((r) => (typeof r === 'string' ? h('code', {class: 'id id-only'}, r) : JSON.stringify(r)))) : null);
  results.appendChild(h('section', {class: 'diff-summary', 'aria-labelledby': 'diff-summary-heading'},
    h('h3', {id: 'diff-summary-heading'}, t('reviewSummary')),
    definitionList([
      [t('reviewComplete'), h('span', {class: report.complete ? 'verified-yes' : 'notice-inline warning', id: 'diff-complete',
        dataset: {complete: String(report.complete)}}, report.complete ? t('reviewCompleteYes') : t('reviewCompleteNo'))],
      [t('reviewProof'), report.proof ? t('reviewProofYes') : null],
      [t('reviewOld'), setLabel(report.old)],
      [t('reviewNew'), setLabel(report.new)],
      [t('reviewCounts'), summary.regions !== undefined
        ? t('reviewCountsText', summary.regions, summary.widen, summary.narrow, summary.change, summary.checks,
          typeof summary.seconds === 'number' ? summary.seconds.toFixed(2) : summary.seconds) : null],
      [t('reviewUnknown'), report.unknown && report.unknown.length ? inlineList(report.unknown.map((u) => JSON.stringify(u))) : null],
      [`${t('reviewFacts')}: ${t('reviewFactsAdded')}`, facts.added && facts.added.length ? inlineList(facts.added.map(factNamed)) : t('none')],
      [`${t('reviewFacts')}: ${t('reviewFactsRemoved')}`, facts.removed && facts.removed.length ? inlineList(facts.removed.map(factNamed)) : t('none')],
      [`${t('reviewRules')}: ${t('reviewRulesAdded')}`, ruleNames(rules.added)],
      [`${t('reviewRules')}: ${t('reviewRulesEdited')}`, ruleNames(rules.edited)],
      [`${t('reviewRules')}: ${t('reviewRulesRemoved')}`, ruleNames(rules.removed)],
      [`${t('reviewRules')}: ${t('reviewRulesRenamed')}`, ruleNames(rules.renamed)],
    ])));
  if (!report.groups.length) {
    results.appendChild(h('p', {class: 'notice info'}, t('reviewNoGroups')));
    return;
  }
  const unknownNote = h('p', {class: 'notice info', hidden: true}, t('reviewUnknownNames'));
  results.appendChild(unknownNote);
  let witnessNumber = 0;
  report.groups.forEach((group, groupIndex) => {
    const headingId = `diff-group-${groupIndex + 1}`;
    const section = h('section', {class: 'diff-group', 'aria-labelledby': headingId},
      h('h3', {id: headingId}, t('reviewGroup', groupIndex + 1,
        decisionText(group.old && group.old.decision), decisionText(group.new && group.new.decision))));
    section.appendChild(h('div', {class: 'sides'},
      h('div', {}, h('p', {class: 'subheading'}, t('reviewOldSide')), ruleSide(group.old)),
      h('div', {}, h('p', {class: 'subheading'}, t('reviewNewSide')), ruleSide(group.new))));
    const regions = Array.isArray(group.regions) ? group.regions : [];
    section.appendChild(h('p', {class: 'subheading'}, t('reviewRegions', regions.length)));
    const table = h('table', {class: 'regions'},
      h('thead', {}, h('tr', {}, [t('askSender'), t('askRecipient'), t('askPurpose'), t('lawCategory'), t('reviewDates'),
        t('reviewReproduced'), t('reviewWitness')].map((title) => h('th', {scope: 'col'}, title)))));
    const body = h('tbody');
    for (const region of regions) {
      witnessNumber += 1;
      body.appendChild(regionRow(region, witnessNumber));
    }
    table.appendChild(body);
    section.appendChild(table);
    results.appendChild(section);
  });
  unknownNote.hidden = !results.querySelector('.unknown-name');
}

function regionRow(region, number) {
  const cell = (title, ...content) => h('td', {dataset: {title}}, content);
  const witness = region.witness;
  let witnessCell = '—';
  if (witness) {
    const text = JSON.stringify(witness, null, 2);
    witnessCell = h('div', {class: 'witness'},
      h('details', {}, h('summary', {}, t('reviewWitnessShow', number)), h('pre', {class: 'json witness-json'}, text)),
      h('div', {class: 'witness-actions'},
        h('button', {type: 'button', class: 'copy', onclick: () => copyText(text, $('review-status'))},
          t('reviewWitnessCopy'), h('span', {class: 'visually-hidden'}, t('reviewWitnessWhich', number))),
        h('button', {type: 'button', class: 'ask-witness', onclick: () => askWitness(witness)},
          t('reviewWitnessAsk'), h('span', {class: 'visually-hidden'}, t('reviewWitnessWhich', number)))));
  }
  return h('tr', {class: 'region', dataset: {category: region.category || ''}},
    cell(t('askSender'), actorNamed(region.sender)),
    cell(t('askRecipient'), actorNamed(region.recipient)),
    cell(t('askPurpose'), purposeNamed(region.purpose)),
    cell(t('lawCategory'), categoryNamed(region.category)),
    cell(t('reviewDates'), h('span', {class: 'dates'}, regionDates(region))),
    cell(t('reviewReproduced'), region.reproduced === false ? h('strong', {}, t('reviewReproducedNo')) : t('reviewReproducedYes')),
    cell(t('reviewWitness'), witnessCell));
}

// The witness is sent exactly as the report gives it; the form shows it as far as the served set knows
// its names. The note says which set answers, since the served set need not be either of the report's.
function askWitness(witness) {
  selectTab('ask');
  const text = JSON.stringify(witness, null, 2);
  $('ask-json-input').value = text;
  const unknown = fillForm(witness);
  if (unknown.length) {
    $('ask-json-editor').open = true;
    announce($('ask-json-status'), t('askJsonPartly', unknown.join(', ')));
  }
  const report = state.diff ? state.diff.report : {};
  const served = state.policySet ? state.policySet.policy_set : '?';
  const note = () => t('askWitnessNote', served, (report.old || {}).policy_set || '?', (report.new || {}).policy_set || '?');
  ask(text, note);
  $('tab-ask').focus();
}

// ---------------------------------------------------------------------------------------------------------
// Print: closed <details> would print empty, so the active panel's are opened for printing.

let openedForPrint = [];

function setupPrint() {
  window.addEventListener('beforeprint', () => {
    openedForPrint = [...document.querySelectorAll('.panel:not([hidden]) details:not([open])')];
    for (const details of openedForPrint) details.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const details of openedForPrint) details.open = false;
    openedForPrint = [];
  });
}

// ---------------------------------------------------------------------------------------------------------

async function loadAll() {
  const vocabulary = loadVocabulary().then(() => {
    const draft = $('ask-sender').options.length ? readForm().request : null;
    buildAskForm();
    if (draft) fillForm(draft);
    fillLawSelects();
  });
  const results = await Promise.allSettled([loadPolicySet(), vocabulary, loadRegister()]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) showError($('global-error'), failed.reason.message);
  if (state.register) applyLawFilter();
  document.body.dataset.lang = state.lang;
  document.body.dataset.ready = 'true';
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}

function init() {
  const stored = localStorage.getItem(STORAGE_LANG);
  state.lang = LANGS.includes(stored) ? stored : 'nl';
  applyTexts();
  for (const button of document.querySelectorAll('.lang-button')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang));
  }
  setupToken();
  setupTabs();
  setupLaw();
  setupAsk();
  setupReview();
  setupPrint();
  loadAll();
}

init();
