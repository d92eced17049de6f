using System.Collections.Frozen;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Api.Problems;

/// <summary>The one place that turns an error code into an HTTP status and a Dutch and English text.
/// Texts name what went wrong and what to do about it; {name} placeholders take the error's arguments.</summary>
internal static class ProblemCatalog
{
    public const string TypeBase = "https://buurtbudget.nl/problems/";

    // Errors of the HTTP layer itself (not the round's rules).
    public const string MalformedRequest = "malformed-request";
    public const string BodyTooLarge = "body-too-large";
    public const string NoSuchAddress = "no-such-address";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string InvalidRoundId = "invalid-round-id";
    public const string InvalidProposalId = "invalid-proposal-id";
    public const string MissingField = "missing-field";
    public const string InvalidValue = "invalid-value";
    public const string NotYourDistrict = "not-your-district";
    public const string NotAllowed = "not-allowed";
    public const string NoBallotYet = "no-ballot-yet";
    public const string TallyNotPublic = "tally-not-public";
    public const string ResultsNotAvailable = "results-not-available";
    public const string EventLogBroken = "event-log-broken";
    public const string RoundBroken = "round-broken";
    public const string StorageUnavailable = "storage-unavailable";
    public const string RoundUnreachable = "round-unreachable";
    public const string TooManyRequests = "too-many-requests";
    public const string InternalError = "internal-error";
    public const string PabulibUnreadable = "pabulib-unreadable";
    public const string PabulibNotARound = "pabulib-not-a-round";
    public const string PersonaNotFound = "persona-not-found";
    public const string ReceiptNotFound = "receipt-not-found";
    public const string VotingCodeNotFound = "voting-code-not-found";
    public const string NoPlatformRole = "no-platform-role";
    public const string WijkBudgetBroken = "wijk-budget-broken";
    public const string NotYourWijkBudget = "not-your-wijk-budget";

    // News by e-mail (News/).
    public const string NewsAddressInvalid = "news-address-invalid";
    public const string NewsLinkInvalid = "news-link-invalid";

    // Proposal images (Images/): what the upload and the image addresses refuse.
    public const string ImageTooLarge = "image-too-large";
    public const string ImageTypeNotAllowed = "image-type-not-allowed";
    public const string ImageUnreadable = "image-unreadable";
    public const string ImageIncomplete = "image-incomplete";
    public const string ImageTooManyPixels = "image-too-many-pixels";
    public const string ImageHidden = "image-hidden";
    public const string ImageRemoved = "image-removed";
    public const string ImageErased = "image-erased";

    // The Orleans dashboard (Hosting/Dashboard): opened with an admin's ticket, not a bearer token.
    public const string DashboardTicketNeeded = "dashboard-ticket-needed";
    public const string DashboardViewWithheld = "dashboard-view-withheld";

    // The Prometheus scrape endpoint (Telemetry): answered on the management port only.
    public const string MetricsOnManagementPort = "metrics-on-management-port";

    // The development sign-in's HTML pages (Development/Oidc): the same words, shown on a page instead of as JSON.
    public const string SignInUnknownClient = "sign-in-unknown-client";
    public const string SignInRedirectNotAllowed = "sign-in-redirect-not-allowed";
    public const string SignInUnsupportedResponseType = "sign-in-unsupported-response-type";
    public const string SignInPkceRequired = "sign-in-pkce-required";
    public const string SignInInvalidRequest = "sign-in-invalid-request";
    public const string SignInFormExpired = "sign-in-form-expired";

    private static readonly FrozenDictionary<string, ProblemText> Texts = new Dictionary<string, ProblemText>(StringComparer.Ordinal)
    {
        [MalformedRequest] = new(400,
            "Ongeldig verzoek", "Het verzoek kon niet worden gelezen: {reason}",
            "Malformed request", "The request could not be read: {reason}"),
        [BodyTooLarge] = new(413,
            "Verzoek te groot", "Het verzoek is groter dan de toegestane {max} bytes. Stuur alleen de gevraagde velden.",
            "Request too large", "The request is larger than the allowed {max} bytes. Send only the fields asked for."),
        [NoSuchAddress] = new(404,
            "Adres bestaat niet", "Er is niets op '{path}'. Kijk in /openapi/v1.json welke adressen de API heeft.",
            "No such address", "There is nothing at '{path}'. See /openapi/v1.json for the addresses the API has."),
        [MethodNotAllowed] = new(405,
            "Methode niet toegestaan", "'{method}' kan niet op dit adres; wel: {allowed}.",
            "Method not allowed", "'{method}' is not possible at this address; these are: {allowed}."),
        [UnsupportedMediaType] = new(415,
            "Verkeerd soort inhoud", "Dit adres leest inhoud van het type {expected}, niet '{contentType}'. Stuur de inhoud met Content-Type: {expected}.",
            "Wrong kind of content", "This address reads content of type {expected}, not '{contentType}'. Send the content with Content-Type: {expected}."),
        [InvalidRoundId] = new(404,
            "Ronde niet gevonden", "Er is geen ronde met het kenmerk '{value}'. Controleer of u de hele link heeft overgenomen, of kies de ronde in de lijst met rondes.",
            "Round not found", "There is no round with the id '{value}'. Check that you copied the whole link, or choose the round from the list of rounds."),
        [InvalidProposalId] = new(404,
            "Voorstel niet gevonden", "Er is geen voorstel met nummer '{value}': voorstellen zijn genummerd 1, 2, 3, … Kies het voorstel op de pagina van de ronde.",
            "Proposal not found", "There is no proposal numbered '{value}': proposals are numbered 1, 2, 3, … Choose the proposal on the round's page."),
        [MissingField] = new(400,
            "Veld ontbreekt", "Het veld '{field}' is verplicht.",
            "Missing field", "The field '{field}' is required."),
        [InvalidValue] = new(400,
            "Ongeldige waarde", "'{value}' is geen geldige waarde voor '{field}'. Toegestaan: {allowed}.",
            "Invalid value", "'{value}' is not a valid value for '{field}'. Allowed: {allowed}."),
        [NotYourDistrict] = new(403,
            "Niet uw wijk", "Deze ronde hoort bij wijk {district}; u kunt hier alleen meedoen of beheren als het uw wijk is.",
            "Not your district", "This round belongs to district {district}; you can only take part in or manage rounds of your own district."),
        [NotAllowed] = new(403,
            "Niet toegestaan", "Dit mag alleen een {role}.",
            "Not allowed", "Only a {role} may do this."),
        [NoBallotYet] = new(404,
            "Nog geen stem", "U heeft in deze ronde nog niet gestemd.",
            "No ballot yet", "You have not voted in this round yet."),
        [TallyNotPublic] = new(403,
            "Tussenstand niet openbaar", "De tussenstand van deze ronde is niet openbaar zolang de stemming loopt.",
            "Tally not public", "This round's running tally is not public while voting is open."),
        [EventLogBroken] = new(409,
            "Gebeurtenissenlog niet intact", "De hashketen van deze ronde is verbroken ({reason}); een hertelling uit dit log bewijst niets. Vergelijk het log met een eerdere export.",
            "Event log not intact", "This round's hash chain is broken ({reason}); a recount from this log proves nothing. Compare the log with an earlier export."),
        [RoundBroken] = new(409,
            "Ronde geblokkeerd", "De opgeslagen gegevens van deze ronde zijn veranderd. Daarom kan niemand nu iets wijzigen in deze ronde. Er is niets opgeslagen. De gemeente zoekt uit wat er is gebeurd.",
            "Round blocked", "This round's stored records were changed. So no one can change anything in this round now. Nothing was saved. The municipality is looking into what happened."),
        [ResultsNotAvailable] = new(409,
            "Nog geen uitslag", "De uitslag is er pas als de stemming gesloten is; de ronde is nu in fase {phase}.",
            "No results yet", "Results exist once voting has closed; the round is now in phase {phase}."),
        [StorageUnavailable] = new(503,
            "Tijdelijk niet beschikbaar", "Uw verzoek is niet opgeslagen omdat de opslag tijdelijk niet bereikbaar is. Probeer het over enkele seconden opnieuw.",
            "Temporarily unavailable", "Your request was not saved because storage is temporarily unreachable. Please try again in a few seconds."),
        [RoundUnreachable] = new(503,
            "Ronde even niet bereikbaar", "De ronde was even niet bereikbaar, omdat een server van het platform uitviel. Misschien is uw verzoek niet verwerkt. Probeer het over enkele seconden opnieuw: een stem die al was opgeslagen, telt niet dubbel.",
            "Round briefly unreachable", "The round could not be reached for a moment, because one of the platform's servers failed. Your request may not have been processed. Please try again in a few seconds: a ballot that was already stored does not count twice."),
        [TooManyRequests] = new(429,
            "Te veel verzoeken", "Dit verzoek is niet verwerkt: er kwamen in korte tijd te veel verzoeken van u of van uw netwerk. Probeer het over {seconds} seconden opnieuw.",
            "Too many requests", "This request was not processed: too many requests came from you or your network in a short time. Please try again in {seconds} seconds."),
        [PabulibUnreadable] = new(422,
            "Pabulib-bestand onleesbaar", "Het Pabulib-bestand kon niet worden gelezen, regel {line}: {problem} Herstel het bestand en probeer het opnieuw.",
            "Pabulib file unreadable", "The Pabulib file could not be read, line {line}: {problem} Fix the file and try again."),
        [PabulibNotARound] = new(422,
            "Pabulib-bestand past niet in een ronde", "Van dit Pabulib-bestand kan geen ronde worden gemaakt: {problem}",
            "Pabulib file does not fit a round", "This Pabulib file cannot become a round: {problem}"),
        [PersonaNotFound] = new(404,
            "Persona niet gevonden", "Er is geen demopersona '{persona}'. Bekijk de lijst op GET /api/dev/personas.",
            "Persona not found", "There is no demo persona '{persona}'. See the list at GET /api/dev/personas."),
        [VotingCodeNotFound] = new(422,
            "Onbekende stemcode", "Bij deze stemcode hoort geen ronde. Controleer de code in uw brief: 16 tekens in vier groepen, zoals KX7F-9QPM-3TRW-H4NC (een 0 of O, 1, I of L komt er niet in voor). Klopt de code en lukt het toch niet? Neem dan contact op met uw gemeente.",
            "Unknown voting code", "No round goes with this voting code. Check the code in your letter: 16 characters in four groups, such as KX7F-9QPM-3TRW-H4NC (it never holds a 0 or O, 1, I or L). If the code is right and it still does not work, contact your municipality."),
        [ReceiptNotFound] = new(404,
            "Ontvangstcode niet gevonden", "Ontvangstcode {receipt} staat niet op het stembord van deze ronde. Controleer de code op uw bewijs van stemmen; ontbreekt hij echt, meld het dan bij de gemeente.",
            "Receipt not found", "Receipt {receipt} is not on this round's bulletin board. Check the code on your voting receipt; if it really is missing, report it to the municipality."),
        [NewsAddressInvalid] = new(400,
            "E-mailadres klopt niet", "Dit is geen e-mailadres dat wij kunnen gebruiken. Vul één adres in, zonder spaties, zoals naam@voorbeeld.nl.",
            "E-mail address not valid", "This is not an e-mail address we can use. Enter one address, without spaces, such as name@example.nl."),
        [NewsLinkInvalid] = new(404,
            "Link werkt niet", "Deze link klopt niet of hoort bij een aanmelding die niet meer bestaat. Kopieer de hele link uit de e-mail. Lukt het niet? Meld u dan opnieuw aan op de pagina van uw wijk.",
            "Link does not work", "This link is not right, or belongs to a subscription that no longer exists. Copy the whole link from the e-mail. If that does not work, subscribe again on your district's page."),
        // Proposal images (Images/).
        [ImageTooLarge] = new(413,
            "Foto te groot", "Deze foto is {sizeMb} MB. Een foto mag hoogstens {maxMb} MB zijn. Kies een kleinere foto, of maak hem eerst kleiner.",
            "Picture too large", "This picture is {sizeMb} MB. A picture may be at most {maxMb} MB. Choose a smaller picture, or make it smaller first."),
        [ImageTypeNotAllowed] = new(415,
            "Dit soort bestand kan niet", "Dit bestand is een {format}-afbeelding. U kunt alleen een JPEG-, PNG- of WebP-foto toevoegen.",
            "This kind of file is not possible", "This file is a {format} image. You can only add a JPEG, PNG or WebP picture."),
        [ImageUnreadable] = new(422,
            "Geen foto", "Wij kunnen dit bestand niet lezen als foto. Kies een JPEG-, PNG- of WebP-foto.",
            "Not a picture", "We cannot read this file as a picture. Choose a JPEG, PNG or WebP picture."),
        [ImageIncomplete] = new(422,
            "Foto is niet compleet", "De foto is niet helemaal aangekomen of is beschadigd. Voeg hem opnieuw toe; lukt dat niet, kies dan een andere foto.",
            "Picture is incomplete", "The picture did not arrive whole, or it is damaged. Add it again; if that does not work, choose another picture."),
        [ImageTooManyPixels] = new(422,
            "Foto heeft te veel pixels", "Deze foto is {width} bij {height} pixels. Dat is meer dan {maxMegapixels} miljoen pixels. Maak de foto eerst kleiner.",
            "Picture has too many pixels", "This picture is {width} by {height} pixels. That is more than {maxMegapixels} million pixels. Make the picture smaller first."),
        [ImageHidden] = new(410,
            "Foto verborgen", "De wijkcoördinator heeft deze foto verborgen. De reden: {hiddenReason}",
            "Picture hidden", "The district coordinator has hidden this picture. The reason: {hiddenReason}"),
        [ImageRemoved] = new(410,
            "Foto weggehaald", "De indiener heeft deze foto weggehaald.",
            "Picture removed", "The author has removed this picture."),
        [ImageErased] = new(410,
            "Foto gewist", "Deze foto is gewist. Het logboek van de ronde bewaart alleen nog zijn vingerafdruk (hash).",
            "Picture erased", "This picture has been erased. The round's log keeps only its fingerprint (hash)."),
        [ProposalImageErrors.TooManyImages] = new(409,
            "Te veel foto's", "Voorstel {proposal} heeft al {max} foto's. Haal eerst een foto weg als u een andere wilt toevoegen.",
            "Too many pictures", "Proposal {proposal} already has {max} pictures. Remove a picture first if you want to add another."),
        [ProposalImageErrors.ImageNotFound] = new(404,
            "Foto niet gevonden", "Voorstel {proposal} heeft geen foto {image} die nu getoond wordt.",
            "Picture not found", "Proposal {proposal} has no picture {image} that is shown now."),
        [ProposalImageErrors.ImageAlreadyAdded] = new(409,
            "Foto staat er al", "Deze foto staat al bij voorstel {proposal}. Kies een andere foto.",
            "Picture already added", "This picture is already on proposal {proposal}. Choose another picture."),
        [ProposalImageErrors.ImageStillShown] = new(409,
            "Foto wordt nog getoond", "Foto {image} van voorstel {proposal} wordt nog getoond. Verberg hem eerst (met een reden) voordat u hem wist.",
            "Picture is still shown", "Picture {image} of proposal {proposal} is still shown. Hide it first (with a reason) before you erase it."),
        [NoPlatformRole] = new(403,
            "Geen rol op het platform", "U bent aangemeld, maar uw aanmelding geeft u geen rol op Buurtbudget (bewoner, ondernemer, coördinator, controleur of beheerder). Neem contact op met de gemeente.",
            "No role on the platform", "You are signed in, but your sign-in gives you no role on Buurtbudget (resident, business owner, coordinator, auditor or administrator). Contact the municipality."),
        [DashboardTicketNeeded] = new(401,
            "Open het clusterdashboard via Beheer", "Het clusterdashboard is alleen voor beheerders. Open het via Beheer in Buurtbudget met de knop Clusterdashboard; die toegang geldt {minutes} minuten. Is hij verlopen, klik dan opnieuw op de knop.",
            "Open the cluster dashboard from Manage", "The cluster dashboard is for administrators only. Open it from Manage in Buurtbudget with the Cluster dashboard button; that access lasts {minutes} minutes. If it has expired, click the button again."),
        [DashboardViewWithheld] = new(404,
            "Niet te zien in het dashboard", "Het clusterdashboard laat de inhoud van grains en het live logboek niet zien, omdat daar gegevens van bewoners in kunnen staan. De aantallen per graintype en per silo ziet u wel.",
            "Not shown in the dashboard", "The cluster dashboard does not show the contents of grains or the live log, because they can hold residents' data. The counts per grain type and per silo are shown."),
        [MetricsOnManagementPort] = new(404,
            "Meetgegevens niet via dit adres", "De meetgegevens van het platform zijn alleen voor de beheerders van de servers. Zij lezen ze via de beheerpoort van de server, niet via het adres van de website. Bent u beheerder, stel dan uw Prometheus in op die poort (OpenTelemetry:Prometheus:ManagementPort).",
            "Metrics not at this address", "The platform's metrics are for the operators of its servers only. They read them on the server's management port, not at the website's address. If you are an operator, point your Prometheus at that port (OpenTelemetry:Prometheus:ManagementPort)."),
        [SignInUnknownClient] = new(400,
            "Onbekende app", "De app '{client}' mag hier niet inloggen. Open Buurtbudget opnieuw en log in vanuit de app.",
            "Unknown app", "The app '{client}' may not sign in here. Open Buurtbudget again and sign in from the app."),
        [SignInRedirectNotAllowed] = new(400,
            "Terugkeeradres niet toegestaan", "Na het inloggen zou u naar een adres gaan dat niet op de lijst van toegestane adressen staat. U wordt daarom niet doorgestuurd. Zet het adres in WebClient:DevelopmentRedirectUris als het van u is.",
            "Return address not allowed", "After signing in you would be sent to an address that is not on the list of allowed addresses, so you are not sent there. Add it to WebClient:DevelopmentRedirectUris if it is yours."),
        [SignInUnsupportedResponseType] = new(400,
            "Inlogwijze niet ondersteund", "Dit inloggen ondersteunt alleen response_type=code (de authorization-code flow met PKCE), niet '{value}'.",
            "Sign-in flow not supported", "This sign-in supports only response_type=code (the authorization-code flow with PKCE), not '{value}'."),
        [SignInPkceRequired] = new(400,
            "PKCE vereist", "Een inlogverzoek moet een code_challenge met code_challenge_method=S256 meesturen (PKCE); 'plain' of geen challenge wordt geweigerd.",
            "PKCE required", "A sign-in must send a code_challenge with code_challenge_method=S256 (PKCE); 'plain' or no challenge is refused."),
        [SignInInvalidRequest] = new(400,
            "Ongeldig inlogverzoek", "Het veld '{field}' van het inlogverzoek ontbreekt of is ongeldig. Open Buurtbudget opnieuw en log in vanuit de app.",
            "Invalid sign-in request", "The field '{field}' of the sign-in request is missing or invalid. Open Buurtbudget again and sign in from the app."),
        [SignInFormExpired] = new(400,
            "Inlogformulier verlopen", "Dit inlogformulier is verlopen of kwam niet van deze pagina. Ga terug naar de app en log opnieuw in.",
            "Sign-in form expired", "This sign-in form has expired or did not come from this page. Go back to the app and sign in again."),
        [InternalError] = new(500,
            "Er ging iets mis", "Er ging aan onze kant iets mis; er is niets gewijzigd. Meld het met referentie {traceId} als het blijft gebeuren.",
            "Something went wrong", "Something went wrong on our side; nothing was changed. Report it with reference {traceId} if it keeps happening."),

        // The round's rules (Buurtbudget.Domain.Rounds.RoundErrors).
        [RoundErrors.RoundNotFound] = new(404,
            "Ronde niet gevonden", "Er is geen ronde met id {round}.",
            "Round not found", "There is no round with id {round}."),
        [RoundErrors.RoundAlreadyExists] = new(409,
            "Ronde bestaat al", "Er bestaat al een ronde met id {round}.",
            "Round already exists", "A round with id {round} already exists."),
        [RoundErrors.WrongPhase] = new(409,
            "Niet in deze fase", "'{action}' kan niet in fase {phase}; dat kan alleen in fase {allowed}.",
            "Not in this phase", "'{action}' is not possible in phase {phase}; only in phase {allowed}."),
        [RoundErrors.RulesFrozen] = new(409,
            "Regels liggen vast", "De regels van de stemming liggen vast sinds de stemming openging en kunnen niet meer veranderen.",
            "Rules are frozen", "The voting rules were frozen when voting opened and can no longer change."),
        [RoundErrors.CalendarFrozen] = new(409,
            "Kalender ligt vast", "De data van de ronde liggen vast sinds de stemming openging en kunnen niet meer veranderen. Een fase kunt u nog wel zelf verder zetten.",
            "Calendar is frozen", "The round's dates were frozen when voting opened and can no longer change. You can still move a phase on yourself."),
        [RoundErrors.CalendarOutOfOrder] = new(422,
            "Data in verkeerde volgorde", "'{field}' ({value}) moet na '{after}' ({afterValue}) liggen. Zet de data in de volgorde: inzenden open, inzenden dicht, stemmen open, stemmen dicht.",
            "Dates out of order", "'{field}' ({value}) must come after '{after}' ({afterValue}). Put the dates in this order: submission opens, submission closes, voting opens, voting closes."),
        [RoundErrors.CalendarMomentPassed] = new(422,
            "Datum al voorbij", "'{field}' ({value}) ligt niet in de toekomst (het is nu {now}). Kies een later moment, of zet de fase zelf verder.",
            "Date already passed", "'{field}' ({value}) is not in the future (it is now {now}). Choose a later moment, or move the phase on yourself."),
        [RoundErrors.VotingClosedByCalendar] = new(409,
            "Stemmen is gesloten", "De stemming is gesloten sinds {closes}; deze stem telt niet mee. Uw eerdere stem, als u die had, telt wel.",
            "Voting has closed", "Voting closed at {closes}; this ballot does not count. Your earlier ballot, if you had one, does."),
        [RoundErrors.SubmissionClosedByCalendar] = new(409,
            "Inzenden is gesloten", "Voorstellen indienen of wijzigen kon tot {closes}; dit is niet opgeslagen. Een voorstel intrekken kan nog tot de beoordeling begint.",
            "Submission has closed", "Proposals could be submitted or changed until {closes}; this was not stored. You can still withdraw a proposal until the review starts."),
        [RoundErrors.InvalidRules] = new(422,
            "Ongeldige regels", "De regels kloppen niet: {reason} (waarde {value}).",
            "Invalid rules", "The rules are not valid: {reason} (value {value})."),
        [RoundErrors.InvalidText] = new(422,
            "Ongeldige tekst", "'{field}' {reason}.",
            "Invalid text", "'{field}' {reason}."),
        [RoundErrors.InvalidCategory] = new(422,
            "Onbekende categorie", "'{value}' is geen categorie van een buurtbudget.",
            "Unknown category", "'{value}' is not a buurtbudget category."),
        [RoundErrors.NoProposals] = new(409,
            "Geen voorstellen", "Er is geen voorstel meer in de race; beoordelen heeft pas zin als er voorstellen zijn ingediend.",
            "No proposals", "No proposal is left in the race; review makes sense only once proposals have been submitted."),
        [RoundErrors.AmountOutOfRange] = new(422,
            "Bedrag buiten bereik", "'{field}' is {value}; het moet meer dan € 0,00 en hoogstens {max} zijn.",
            "Amount out of range", "'{field}' is {value}; it must be more than € 0.00 and at most {max}."),
        [RoundErrors.ProposalNotFound] = new(404,
            "Voorstel niet gevonden", "Deze ronde heeft geen voorstel {proposal}.",
            "Proposal not found", "This round has no proposal {proposal}."),
        [RoundErrors.NotProposalAuthor] = new(403,
            "Niet uw voorstel", "Alleen de indiener kan voorstel {proposal} wijzigen of intrekken.",
            "Not your proposal", "Only its author can edit or withdraw proposal {proposal}."),
        [RoundErrors.ProposalNotInRightState] = new(409,
            "Voorstel kan dit niet meer", "Voorstel {proposal} heeft status {status}; dit kan nu niet meer.",
            "Proposal cannot do this now", "Proposal {proposal} has status {status}; this is no longer possible."),
        [RoundErrors.InvalidMerge] = new(409,
            "Samenvoegen kan niet", "Voorstel {proposal} kan niet worden samengevoegd met voorstel {into} (status {status}); kies een ander voorstel dat nog meedoet.",
            "Cannot merge", "Proposal {proposal} cannot be merged into proposal {into} (status {status}); choose another proposal that is still in the race."),
        [RoundErrors.ReviewIncomplete] = new(409,
            "Beoordeling niet af", "Nog {count} voorstel(len) wacht(en) op beoordeling: {proposals}. Beoordeel ze eerst.",
            "Review not finished", "{count} proposal(s) still await review: {proposals}. Review them first."),
        [RoundErrors.NoFeasibleProposals] = new(409,
            "Geen uitvoerbare voorstellen", "De stemming kan niet open zonder ten minste één uitvoerbaar voorstel.",
            "No feasible proposals", "Voting cannot open without at least one feasible proposal."),
        [RoundErrors.BallotMethodImpossible] = new(409,
            "Stemwijze kan niet", "De stemwijze vraagt meer dan het stembiljet biedt: {reason}. Pas de regels aan.",
            "Ballot method impossible", "The ballot method asks more than the ballot offers: {reason}. Change the rules."),
        [RoundErrors.BallotDuplicateProposal] = new(422,
            "Dubbel voorstel", "Voorstel {proposal} staat twee keer op uw stembiljet; kies elk voorstel hoogstens één keer.",
            "Duplicate proposal", "Proposal {proposal} appears twice on your ballot; choose each proposal at most once."),
        [RoundErrors.BallotProposalNotOnBallot] = new(422,
            "Voorstel niet op het stembiljet", "Voorstel {proposal} staat niet op het stembiljet van deze ronde.",
            "Proposal not on the ballot", "Proposal {proposal} is not on this round's ballot."),
        [RoundErrors.BallotOverBudget] = new(422,
            "Over het budget", "Uw keuzes kosten samen {total}, meer dan het budget van {budget}. Haal een of meer voorstellen weg.",
            "Over budget", "Your choices cost {total} together, more than the budget of {budget}. Remove one or more proposals."),
        [RoundErrors.BallotTooFewChoices] = new(422,
            "Te weinig keuzes", "U koos {count} voorstel(len); kies er minstens {min}, of stem blanco.",
            "Too few choices", "You chose {count} proposal(s); choose at least {min}, or cast a blank ballot."),
        [RoundErrors.BallotTooManyChoices] = new(422,
            "Te veel keuzes", "U koos {count} voorstellen; u mag er hoogstens {max} kiezen.",
            "Too many choices", "You chose {count} proposals; you may choose at most {max}."),
        [RoundErrors.BallotInvalidPoints] = new(422,
            "Ongeldige punten", "{points} punten voor voorstel {proposal} kan niet bij deze stemwijze.",
            "Invalid points", "{points} points for proposal {proposal} is not possible with this ballot method."),
        [RoundErrors.BallotTooManyPoints] = new(422,
            "Te veel punten", "U verdeelde {total} punten; u heeft er {max}.",
            "Too many points", "You spread {total} points; you have {max}."),
        [RoundErrors.BallotPointsOverCap] = new(422,
            "Te veel punten op één voorstel", "{points} punten op voorstel {proposal}; per voorstel mag u hoogstens {max} punten geven.",
            "Too many points on one proposal", "{points} points on proposal {proposal}; you may give at most {max} points per proposal."),
        [RoundErrors.NotEligible] = new(403,
            "Geen stemrecht", "U kunt in deze ronde niet stemmen: {reason}.",
            "Not eligible", "You cannot vote in this round: {reason}."),
        [RoundErrors.VoterRegisterMissing] = new(409,
            "Kiezersregister ontbreekt", "De regels vragen om een kiezersregister, maar er is er geen ingelezen. Lees het register in voordat de stemming opent.",
            "Voter register missing", "The rules ask for a voter register, but none was imported. Import the register before voting opens."),
        [RoundErrors.AuditAlreadySignedOff] = new(409,
            "Audit al afgesloten", "De audit van deze ronde is al afgesloten op {at}, met '{verdict}'.",
            "Audit already signed off", "The audit of this round was already signed off at {at}, with '{verdict}'."),
        [RoundErrors.AuditVerdictFindings] = new(422,
            "Oordeel en bevindingen passen niet", "'{verdict}' met {findings} bevinding(en) kan niet: 'approved' gaat zonder bevindingen, 'findings' met 1 tot {max}.",
            "Verdict and findings do not match", "'{verdict}' with {findings} finding(s) is not possible: 'approved' comes without findings, 'findings' with 1 to {max}."),
        [RoundErrors.AuditFindingEvent] = new(422,
            "Bevinding niet gekoppeld", "Bevinding {finding} verwijst naar gebeurtenis {sequence}; koppel elke bevinding aan gebeurtenissen uit het log, dat loopt van 1 tot {last}.",
            "Finding not linked", "Finding {finding} refers to event {sequence}; link every finding to events of the log, which runs from 1 to {last}."),
        [RoundErrors.AuditHeadMoved] = new(409,
            "Log is gegroeid", "U tekende het log af tot gebeurtenis {seen}, maar het loopt nu tot {head}. Bekijk de nieuwe gebeurtenissen en teken opnieuw af.",
            "The log has grown", "You signed off the log up to event {seen}, but it now runs to {head}. Review the new events and sign off again."),
        [RoundErrors.ProjectNotFunded] = new(409,
            "Geen gefinancierd project", "Voorstel {proposal} is niet gekozen in deze ronde; uitgaven, overschrijdingen en voortgang horen alleen bij gefinancierde projecten.",
            "Not a funded project", "Proposal {proposal} was not chosen in this round; spending, overruns and progress belong to funded projects only."),
        [RoundErrors.SpendNotFound] = new(404,
            "Uitgave niet gevonden", "Deze ronde heeft geen uitgave {spend}.",
            "Spend not found", "This round has no spend {spend}."),
        [RoundErrors.SpendAlreadyDecided] = new(409,
            "Uitgave al beoordeeld", "Uitgave {spend} is al {status}; alleen een uitgave die wacht op goedkeuring kan worden goedgekeurd of afgewezen.",
            "Spend already decided", "Spend {spend} is already {status}; only a spend awaiting approval can be approved or rejected."),
        [RoundErrors.SpendNeedsSecondCoordinator] = new(403,
            "Tweede coördinator nodig", "U heeft uitgave {spend} zelf vastgelegd. Een andere coördinator van deze wijk moet haar goedkeuren (vier ogen).",
            "Second coordinator needed", "You recorded spend {spend} yourself. Another coordinator of this wijk must approve it (four eyes)."),
        [RoundErrors.SpendOverLimit] = new(409,
            "Boven het goedgekeurde bedrag", "Uitgave van {amount} brengt voorstel {proposal} boven {limit} (al vastgelegd: {counted}, nog ruimte: {remaining}). Leg eerst een overschrijding met reden vast.",
            "Above the approved cost", "A spend of {amount} takes proposal {proposal} above {limit} (recorded so far: {counted}, room left: {remaining}). Record an overrun approval with a reason first."),
        [RoundErrors.OverrunOverBudget] = new(409,
            "Boven het budget", "Een overschrijding van {amount} voor voorstel {proposal} past niet: binnen het budget van {budget} is nog {available} vrij.",
            "Above the budget", "An overrun of {amount} for proposal {proposal} does not fit: {available} of the budget of {budget} is still free."),
        [RoundErrors.InvoiceDateInFuture] = new(422,
            "Factuurdatum in de toekomst", "De factuurdatum {date} ligt na vandaag ({today}). Controleer de datum op de factuur.",
            "Invoice date in the future", "The invoice date {date} is after today ({today}). Check the date on the invoice."),
        [RoundErrors.InvoiceDateTooOld] = new(422,
            "Factuurdatum te oud", "De factuurdatum {date} ligt voor {earliest}, meer dan zeven jaar geleden. Controleer de datum op de factuur.",
            "Invoice date too old", "The invoice date {date} is before {earliest}, more than seven years ago. Check the date on the invoice."),
        [RoundErrors.InvalidProgress] = new(422,
            "Voortgang klopt niet", "De voortgang kan zo niet ({reason}: {value}). Geef een percentage van 0 tot 100; 'completed' hoort bij 100%.",
            "Progress does not add up", "The progress cannot be so ({reason}: {value}). Give a percentage from 0 to 100; 'completed' goes with 100%."),
        [RoundErrors.SpendsPending] = new(409,
            "Uitgaven wachten nog", "De ronde kan niet sluiten: {count} uitgave(n) wachten op goedkeuring ({spends}). Laat ze eerst goedkeuren of afwijzen.",
            "Spends still waiting", "The round cannot close: {count} spend(s) await approval ({spends}). Have them approved or rejected first."),
        [RoundErrors.InvalidVoterRegister] = new(422,
            "Ongeldig kiezersregister", "Een kiezersregister bevat 1 tot {max} sleutelhashes; dit register bevat er {count}.",
            "Invalid voter register", "A voter register holds 1 to {max} keyed hashes; this one holds {count}."),
        [RoundErrors.VotingCodeCountOutOfRange] = new(422,
            "Ongeldig aantal stemcodes", "U vroeg {count} stemcodes; vraag er per keer minstens {min} en hoogstens {max} aan. Voor meer codes vraagt u meerdere keren.",
            "Invalid number of voting codes", "You asked for {count} voting codes; ask for at least {min} and at most {max} at a time. For more codes, ask several times."),
        [RoundErrors.UnknownVotingCode] = new(422,
            "Onbekende stemcode", "Deze stemcode hoort niet bij deze ronde. Controleer de code in uw brief: 16 tekens in vier groepen, zoals KX7F-9QPM-3TRW-H4NC (een 0 of O, 1, I of L komt er niet in voor).",
            "Unknown voting code", "This voting code does not belong to this round. Check the code in your letter: 16 characters in four groups, such as KX7F-9QPM-3TRW-H4NC (it never holds a 0 or O, 1, I or L)."),
        // Paper ballots at a voting evening (PaperBallots/): typed twice by two coordinators of the wijk.
        [RoundErrors.PaperBatchNotFound] = new(404,
            "Stapel niet gevonden", "Deze ronde heeft geen stapel papieren stembiljetten met nummer {batch}. Kies de stapel in de lijst van stapels.",
            "Batch not found", "This round has no batch of paper ballots numbered {batch}. Choose the batch from the list of batches."),
        [RoundErrors.PaperBatchAlreadyCommitted] = new(409,
            "Stapel al geteld", "Stapel {batch} is al geteld en verandert niet meer. Begin een nieuwe stapel voor stembiljetten die nog niet zijn ingevoerd.",
            "Batch already counted", "Batch {batch} has been counted and no longer changes. Start a new batch for ballots not yet entered."),
        [RoundErrors.PaperEntrySameCoordinator] = new(403,
            "Andere coördinator nodig", "U heeft de andere invoer van stapel {batch} al gedaan. Een tweede coördinator van deze wijk moet de stapel opnieuw invoeren (dubbele invoer).",
            "Another coordinator needed", "You did the other entry of batch {batch} yourself. A second coordinator of this wijk must enter the batch again (double entry)."),
        [RoundErrors.PaperEntryNotYours] = new(403,
            "Invoer van een ander", "Invoer {pass} van stapel {batch} wordt gedaan door een andere coördinator. Kies de andere invoer, of vraag die coördinator de invoer af te maken.",
            "Someone else's entry", "Entry {pass} of batch {batch} is being done by another coordinator. Choose the other entry, or ask that coordinator to finish it."),
        [RoundErrors.PaperEntryFinished] = new(409,
            "Invoer al afgerond", "Invoer {pass} van stapel {batch} is afgerond en verandert niet meer. Verschillen met de andere invoer lost een coördinator op bij 'Verschillen'.",
            "Entry already finished", "Entry {pass} of batch {batch} is finished and no longer changes. A coordinator settles differences with the other entry under 'Differences'."),
        [RoundErrors.PaperEntryEmpty] = new(409,
            "Nog niets ingevoerd", "Invoer {pass} van stapel {batch} heeft nog geen stembiljetten. Voer eerst de stembiljetten van de stapel in.",
            "Nothing entered yet", "Entry {pass} of batch {batch} holds no ballots yet. Enter the ballots of the batch first."),
        [RoundErrors.PaperPositionOutOfRange] = new(422,
            "Verkeerd volgnummer", "Stembiljet {position} kan nu niet: voer stembiljet {next} in (de volgende van de stapel) of verbeter een eerder stembiljet. Een stapel heeft hoogstens {max} stembiljetten.",
            "Wrong position", "Ballot {position} is not possible now: enter ballot {next} (the next of the batch) or correct an earlier one. A batch holds at most {max} ballots."),
        [RoundErrors.PaperBallotCodeNotIssued] = new(422,
            "Stemcode hoort niet bij deze ronde", "De stemcode op stembiljet {position} is niet voor deze ronde uitgegeven. Controleer de code op het papier: 16 tekens in vier groepen (een 0 of O, 1, I of L komt er niet in voor). Is de code onleesbaar, voer het stembiljet dan in als ongeldig.",
            "Voting code not of this round", "The voting code on ballot {position} was not issued for this round. Check the code on the paper: 16 characters in four groups (it never holds a 0 or O, 1, I or L). If the code cannot be read, enter the ballot as spoiled."),
        [RoundErrors.PaperEntriesUnfinished] = new(409,
            "Invoer nog niet klaar", "Beide invoeren van stapel {batch} moeten eerst zijn afgerond. Pas daarna zijn de verschillen te zien en kan de stapel worden geteld.",
            "Entries not finished", "Both entries of batch {batch} must be finished first. Only then are the differences shown and can the batch be counted."),
        [RoundErrors.PaperBallotNotDisputed] = new(409,
            "Geen verschil", "Bij stembiljet {position} van stapel {batch} zijn beide invoeren gelijk; er valt niets op te lossen.",
            "No difference", "Both entries of ballot {position} of batch {batch} are the same; there is nothing to settle."),
        [RoundErrors.PaperDisagreementsOpen] = new(409,
            "Nog verschillen open", "Stapel {batch} heeft nog {count} verschil(len) tussen de twee invoeren (stembiljet {positions}). Los ze eerst op: kies wat op het papier staat, of leg het stembiljet opzij met een reden.",
            "Differences still open", "Batch {batch} still has {count} difference(s) between the two entries (ballot {positions}). Settle them first: choose what the paper shows, or set the ballot aside with a reason."),
        // One person, one ballot (issue 17): letter codes bound to register persons.
        [RoundErrors.VotingCodeBoundTwice] = new(422,
            "Stemcode bij twee personen", "In het kiezersregister hoort de stemcode met sleutelhash {code} bij twee verschillende personen. Eén brief hoort bij één persoon: maak het register opnieuw met buurtbudget register-hash --letters en laad het opnieuw.",
            "Voting code bound to two persons", "In the voter register, the voting code with keyed hash {code} belongs to two different persons. One letter belongs to one person: make the register again with buurtbudget register-hash --letters and upload it again."),
        [RoundErrors.InvalidCodeBinding] = new(422,
            "Stemcode past niet in het register", "De stemcode met sleutelhash {code} kan niet aan een persoon in het register worden gekoppeld: {reason}. Maak het register opnieuw met buurtbudget register-hash --letters.",
            "Voting code does not fit the register", "The voting code with keyed hash {code} cannot be bound to a person in the register: {reason}. Make the register again with buurtbudget register-hash --letters."),
        // The wijk's budget (Buurtbudget.Domain.Wijken.WijkBudgetErrors).
        [WijkBudgetErrors.InsufficientBudget] = new(409,
            "Niet genoeg budget in de wijk", "Wijk {district} heeft in {year} nog {available} over; deze ronde vraagt {asked}. Kies een kleiner budget, of vraag de gemeente eerst meer budget aan de wijk toe te kennen.",
            "Not enough budget in the wijk", "Wijk {district} has {available} left in {year}; this round asks {asked}. Choose a smaller budget, or ask the municipality to allocate more to the wijk first."),
        [WijkBudgetErrors.YearOutOfRange] = new(422,
            "Jaar buiten bereik", "Budget kan worden toegekend voor de jaren {min} tot en met {max}, niet voor {value}. Controleer het jaar.",
            "Year out of range", "Budget can be allocated for the years {min} to {max}, not for {value}. Check the year."),
        [WijkBudgetErrors.RoundAlreadySettled] = new(409,
            "Ronde al afgerekend", "Ronde {round} is gesloten en met de wijk afgerekend ({spent} uitgegeven); haar budget verandert niet meer.",
            "Round already settled", "Round {round} is closed and settled with the wijk ({spent} spent); its budget no longer changes."),
        [WijkBudgetErrors.NoReservation] = new(409,
            "Geen reservering", "Voor ronde {round} is geen budget van de wijk gereserveerd, dus er valt niets af te rekenen.",
            "No reservation", "No wijk budget is reserved for round {round}, so there is nothing to settle."),
        [WijkBudgetErrors.SpentAboveReservation] = new(409,
            "Meer uitgegeven dan gereserveerd", "Ronde {round} gaf {spent} uit, meer dan de {reserved} die de wijk ervoor reserveerde. Laat een controleur de uitgaven van de ronde nakijken.",
            "Spent more than reserved", "Round {round} spent {spent}, more than the {reserved} the wijk reserved for it. Have an auditor check the round's spending."),
        [NotYourWijkBudget] = new(403,
            "Niet uw wijk", "Het budget van wijk {district} kunnen alleen de coördinatoren van die wijk, controleurs en beheerders van de gemeente zien. U kunt het budget van uw eigen wijk bekijken via Beheer.",
            "Not your wijk", "Only the coordinators of wijk {district}, auditors and the municipality's admins can see its budget. You can see your own wijk's budget from Manage."),
        [WijkBudgetBroken] = new(409,
            "Budgetlog van de wijk niet intact", "De hashketen van het budget van wijk {district} is verbroken bij gebeurtenis {sequence}; er kan niets aan worden veranderd tot het log is hersteld uit een back-up.",
            "Wijk budget log not intact", "The hash chain of wijk {district}'s budget is broken at event {sequence}; nothing can change it until the log is restored from a backup."),
        [BallotReceiptErrors.InvalidReceipt] = new(400,
            "Ongeldige ontvangstcode", "'{value}' is geen ontvangstcode; een ontvangstcode is 16 cijfers en letters in vier groepen, zoals 0123-4567-89AB-CDEF.",
            "Invalid receipt", "'{value}' is not a receipt code; a receipt code is 16 digits and letters in four groups, such as 0123-4567-89AB-CDEF."),
        [DistrictErrors.InvalidDistrictCode] = new(422,
            "Ongeldige wijkcode", "'{value}' is geen CBS-wijkcode; een wijkcode is WK gevolgd door zes cijfers, bijvoorbeeld WK059903.",
            "Invalid district code", "'{value}' is not a CBS district code; a district code is WK followed by six digits, e.g. WK059903."),
        [DistrictErrors.InvalidBuurtCode] = new(422,
            "Ongeldige buurtcode", "'{value}' is geen CBS-buurtcode; een buurtcode is BU gevolgd door acht cijfers, bijvoorbeeld BU05990310.",
            "Invalid buurt code", "'{value}' is not a CBS buurt code; a buurt code is BU followed by eight digits, e.g. BU05990310."),
        [DistrictErrors.BuurtOutsideDistrict] = new(422,
            "Buurt buiten de wijk", "Buurt {buurt} ligt niet in wijk {district}.",
            "Buurt outside the district", "Buurt {buurt} does not lie in district {district}."),
        [DistrictErrors.InvalidLocation] = new(422,
            "Ongeldige locatie", "De locatie moet een breedtegraad tussen -90 en 90 en een lengtegraad tussen -180 en 180 hebben.",
            "Invalid location", "The location needs a latitude between -90 and 90 and a longitude between -180 and 180."),

        // A place on the map (issue 18 item 2).
        [DistrictErrors.LocationOutsideNetherlands] = new(422,
            "Plek niet in Nederland", "De plek ({latitude}, {longitude}) ligt niet in Nederland. Zet de speld opnieuw op de kaart, of laat de plek weg en kies alleen de buurt.",
            "Place not in the Netherlands", "The place ({latitude}, {longitude}) does not lie in the Netherlands. Put the pin on the map again, or leave the place out and choose only the buurt."),
        // Arguments for and against proposals (Buurtbudget.Domain.Arguments.ArgumentErrors).
        [ArgumentErrors.ArgumentNotFound] = new(404,
            "Argument niet gevonden", "Deze ronde heeft geen argument {argument}. Misschien is de pagina oud: laad de pagina van het voorstel opnieuw.",
            "Argument not found", "This round has no argument {argument}. The page may be out of date: reload the proposal's page."),
        [ArgumentErrors.DisplayNameNeeded] = new(422,
            "Kies eerst een naam", "Bij uw eerste argument in deze ronde kiest u de naam waaronder anderen het zien: {min} tot {max} tekens. Gebruik niet uw echte naam als u dat niet wilt.",
            "Choose a name first", "With your first argument in this round you choose the name others see it under: {min} to {max} characters. You need not use your real name."),
        [ArgumentErrors.DisplayNameTaken] = new(409,
            "Naam al in gebruik", "Iemand anders in deze ronde gebruikt de naam '{name}' al. Kies een andere naam.",
            "Name already in use", "Someone else in this round already uses the name '{name}'. Choose another name."),
        [ArgumentErrors.DisplayNameAlreadyChosen] = new(409,
            "U heeft al een naam", "In deze ronde ziet iedereen uw argumenten onder de naam '{name}'. Die naam blijft. Laat het naamveld leeg of vul '{name}' in.",
            "You already have a name", "In this round everyone sees your arguments under the name '{name}'. That name stays. Leave the name field empty or enter '{name}'."),
        [ArgumentErrors.AlreadyAgreed] = new(409,
            "U was het al eens", "U was het al eens met argument {argument}. Dat kan maar één keer; het telt al mee.",
            "You already agreed", "You already agreed with argument {argument}. That is possible only once; it already counts."),
        [ArgumentErrors.OwnArgument] = new(409,
            "Uw eigen argument", "Argument {argument} is van uzelf. U kunt het alleen eens zijn met argumenten van anderen.",
            "Your own argument", "Argument {argument} is your own. You can only agree with other people's arguments."),
        [ArgumentErrors.ArgumentIsHidden] = new(409,
            "Argument verborgen", "Argument {argument} is verborgen door een coördinator. U kunt het er niet mee eens zijn.",
            "Argument hidden", "Argument {argument} was hidden by a coordinator. You cannot agree with it."),
        [ArgumentErrors.ArgumentAlreadyHidden] = new(409,
            "Argument al verborgen", "Argument {argument} is al verborgen, met de reden: {reason}",
            "Argument already hidden", "Argument {argument} is already hidden, with the reason: {reason}"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The <c>reason</c> argument of some errors is itself a code; these are its words. They may use the
    /// error's other arguments.</summary>
    private static readonly FrozenDictionary<string, (string Dutch, string English)> Reasons = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        [InvalidRulesReasons.BudgetNotPositive] = ("het budget moet meer dan € 0,00 zijn", "the budget must be more than € 0.00"),
        [InvalidRulesReasons.BudgetTooLarge] = ("het budget is groter dan € 1.000.000.000,00", "the budget is larger than € 1,000,000,000.00"),
        [InvalidRulesReasons.CountNotPositive] = ("een aantal keuzes moet minstens 1 zijn", "a number of choices must be at least 1"),
        [InvalidRulesReasons.MinAboveMax] = ("het minimum aantal keuzes is groter dan het maximum", "the minimum number of choices is above the maximum"),
        [InvalidRulesReasons.PointsNotPositive] = ("het aantal punten moet minstens 1 zijn", "the number of points must be at least 1"),
        [InvalidRulesReasons.CapNotPositive] = ("het maximum aantal punten per voorstel moet minstens 1 zijn", "the maximum points per proposal must be at least 1"),
        [InvalidRulesReasons.CapAbovePoints] = ("het maximum per voorstel is groter dan het totaal aantal punten", "the maximum per proposal is above the total number of points"),
        [InvalidRulesReasons.MinimumSupportNegative] = ("de minimale steun kan niet negatief zijn", "the minimum support cannot be negative"),
        [InvalidRulesReasons.MinimumAgeOutOfRange] = ("de minimumleeftijd ligt tussen 0 en 120 jaar", "the minimum age lies between 0 and 120 years"),
        [NotEligibleReasons.NotInDistrict] = ("u woont (of onderneemt) volgens uw aanmelding niet in wijk {district}", "according to your sign-in you do not live (or run a business) in district {district}"),
        [NotEligibleReasons.AgeUnknown] = (
            "u moet minstens {min} jaar zijn en uw aanmelding geeft geen geboortedatum door; meld u aan via een dienst die uw leeftijd bevestigt",
            "you must be at least {min} and your sign-in did not pass a date of birth; sign in through a service that confirms your age"),
        [NotEligibleReasons.TooYoung] = ("u moet minstens {min} jaar zijn om te stemmen", "you must be at least {min} years old to vote"),
        [NotEligibleReasons.NotInRegister] = (
            "u staat niet in het kiezersregister van deze ronde; neem contact op met de gemeente als u denkt dat dit niet klopt",
            "you are not in this round's voter register; contact the municipality if you think this is wrong"),
        [InvalidRulesReasons.UnknownRule] = ("deze uitslagregel bestaat niet", "this outcome rule does not exist"),
        [InvalidRulesReasons.RuleUnsuitedToBallot] = (
            "deze uitslagregel past niet bij de stemwijze (Phragmén vraagt om goedkeuringsstemmen, de regels per euro om punten)",
            "this outcome rule does not suit the ballot method (Phragmén needs approval ballots, the per-euro rules points)"),
        [InvalidTextReasons.TooShort] = ("moet minstens {min} tekens lang zijn (nu {length})", "must be at least {min} characters long (now {length})"),
        [InvalidTextReasons.TooLong] = ("mag hoogstens {max} tekens lang zijn (nu {length})", "may be at most {max} characters long (now {length})"),
        [InvalidTextReasons.ControlCharacter] = ("bevat een teken dat daar niet hoort, zoals een regeleinde in een titel", "contains a character that does not belong there, such as a line break in a title"),
        [InvalidTextReasons.Invisible] = ("bevat niets wat te zien is, alleen spaties of onzichtbare tekens", "holds nothing that can be seen, only spaces or invisible characters"),
        [InvalidTextReasons.CombiningMarks] = (
            "stapelt meer dan vier accenten of andere combinatietekens op één letter",
            "stacks more than four accents or other combining marks on one letter"),
        [BallotMethodImpossibleReasons.MinCountAboveOptions] = (
            "er moeten minstens {value} voorstellen gekozen worden, maar er staan er {available} op het stembiljet",
            "at least {value} proposals must be chosen, but the ballot holds {available}"),
        [BallotMethodImpossibleReasons.MinCountOverBudget] = (
            "de {value} goedkoopste voorstellen passen samen al niet in het budget",
            "the {value} cheapest proposals together already exceed the budget"),
        // One person, one ballot (issue 17).
        [CodeBindingReasons.PersonNotInRegister] = ("de persoon bij deze code staat zelf niet in het register", "the person this code belongs to is not in the register themselves"),
        [CodeBindingReasons.CodeIsAPerson] = ("de sleutelhash van de code is ook die van een persoon; waarschijnlijk zijn de kolommen verwisseld", "the code's keyed hash is also a person's; the columns were probably swapped"),
        [CodeBindingReasons.CodeAlreadyIssued] = ("het platform heeft deze code al in een reeks stemcodes uitgegeven, los van een persoon", "the platform already issued this code in a batch of voting codes, bound to nobody"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The words for a reason code in the language asked for, or the code itself when it has none.</summary>
    public static string Reason(string reason, bool english) =>
        Reasons.TryGetValue(reason, out var text) ? (english ? text.English : text.Dutch) : reason;

    public static ProblemText For(string code) =>
        Texts.TryGetValue(code, out var text) ? text : Texts[InternalError];

    public static bool Knows(string code) => Texts.ContainsKey(code);

    public static IEnumerable<string> Codes => Texts.Keys;
}

/// <summary>A problem's status and its texts in both languages.</summary>
internal sealed record ProblemText(int Status, string TitleNl, string DetailNl, string TitleEn, string DetailEn);
