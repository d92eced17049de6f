using System.Globalization;
using System.Text;
using Buurtbudget.Api.VotingCodes;
using MimeKit;

namespace Buurtbudget.Api.News;

/// <summary>The words of each message: Dutch first, then English (plain language, B1), as plain text, with the link
/// that withdraws the subscription in one click in every message and in the List-Unsubscribe header (RFC 2369 and,
/// for mail programs' own button, RFC 8058 one-click).</summary>
internal sealed class NewsMessages(NewsLinks links)
{
    public MimeMessage Compose(string kind, NewsFacts facts, string subscriptionId, string address, Uri linkBase, SmtpOptions smtp)
    {
        var withdrawToken = links.Token(NewsLinks.Withdraw, subscriptionId);
        var withdrawPage = NewsLinks.Page(linkBase, NewsLinks.WithdrawPage, withdrawToken);
        var (subjectNl, subjectEn, dutch, english) = Words(kind, facts, subscriptionId, linkBase);

        var body = new StringBuilder()
            .AppendLine(dutch)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Wilt u geen berichten meer over wijk {WijkName(facts)}? Meld u af met één klik: {withdrawPage}")
            .AppendLine()
            .AppendLine("----- English -----")
            .AppendLine()
            .AppendLine(english)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"No more messages about district {WijkName(facts)}? Unsubscribe with one click: {withdrawPage}")
            .ToString();

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.FromAddress));
        message.To.Add(MailboxAddress.Parse(address));
        message.Subject = $"{subjectNl} / {subjectEn}";
        message.Headers.Add(HeaderId.ContentLanguage, "nl, en");
        var oneClick = NewsLinks.Page(linkBase, NewsLinks.OneClickPath, withdrawToken);
        message.Headers.Add("List-Unsubscribe", $"<{oneClick}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        // Automated mail: no out-of-office answers back to the platform.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private (string SubjectNl, string SubjectEn, string Dutch, string English) Words(string kind, NewsFacts facts, string subscriptionId, Uri linkBase)
    {
        var wijk = WijkName(facts);
        var round = facts.RoundTitle ?? "";
        var roundPage = facts.RoundId is { } id ? new Uri(linkBase, "rondes/" + id).ToString() : linkBase.ToString();
        var proposal = facts.ProposalTitle ?? "";
        switch (kind)
        {
            case NewsKind.Confirm:
                var confirm = NewsLinks.Page(linkBase, NewsLinks.ConfirmPage, links.Token(NewsLinks.Confirm, subscriptionId));
                return (
                    $"Bevestig uw e-mailadres voor nieuws over wijk {wijk}",
                    $"Confirm your e-mail address for news about district {wijk}",
                    $"U wilt nieuws krijgen over het buurtbudget van wijk {wijk}. Klik op deze link om dat te bevestigen:\n{confirm}\n\nHeeft u dit niet gevraagd? Dan hoeft u niets te doen. Zonder bevestiging wissen wij uw e-mailadres na 7 dagen.",
                    $"You asked for news about the neighbourhood budget of district {wijk}. Click this link to confirm:\n{confirm}\n\nDid you not ask for this? Then you need not do anything. Without confirmation we delete your e-mail address after 7 days.");
            case NewsKind.SubmissionOpened:
                return (
                    $"U kunt nu plannen indienen voor {round}",
                    $"You can now send in plans for {round}",
                    $"In wijk {wijk} is '{round}' begonnen. Heeft u een plan voor uw buurt? Dien het nu in:\n{roundPage}",
                    $"In district {wijk}, '{round}' has started. Do you have a plan for your neighbourhood? Send it in now:\n{roundPage}");
            case NewsKind.ProposalReviewed:
                var verdictNl = facts.Feasible == true
                    ? "De gemeente vindt uw plan uitvoerbaar. Het staat straks op het stembiljet."
                    : $"De gemeente vindt uw plan niet uitvoerbaar. De reden: {facts.Reason}";
                var verdictEn = facts.Feasible == true
                    ? "The municipality finds your plan feasible. It will be on the ballot."
                    : $"The municipality finds your plan not feasible. The reason: {facts.Reason}";
                return (
                    $"Uw plan '{proposal}' is beoordeeld",
                    $"Your plan '{proposal}' has been reviewed",
                    $"{verdictNl}\n\nBekijk uw plan:\n{roundPage}",
                    $"{verdictEn}\n\nSee your plan:\n{roundPage}");
            case NewsKind.VotingOpened:
                var closesNl = facts.VotingCloses is { } closes ? $" U kunt stemmen tot {VotingCodeLetters.DutchMoment(closes)}." : "";
                var closesEn = facts.VotingCloses is { } closesAt ? $" You can vote until {VotingCodeLetters.EnglishMoment(closesAt)}." : "";
                return (
                    $"Stem nu: {round}",
                    $"Vote now: {round}",
                    $"De stemming over de plannen voor wijk {wijk} is open.{closesNl} Kies welke plannen u wilt:\n{roundPage}",
                    $"Voting on the plans for district {wijk} is open.{closesEn} Choose the plans you want:\n{roundPage}");
            case NewsKind.VotingClosesSoon:
                var deadlineNl = facts.VotingCloses is { } deadline ? VotingCodeLetters.DutchMoment(deadline) : "over 2 dagen";
                var deadlineEn = facts.VotingCloses is { } deadlineAt ? VotingCodeLetters.EnglishMoment(deadlineAt) : "in 2 days";
                return (
                    $"Nog 2 dagen stemmen: {round}",
                    $"2 days left to vote: {round}",
                    $"De stemming voor wijk {wijk} sluit {deadlineNl}. Heeft u nog niet gestemd? Doe het nu:\n{roundPage}",
                    $"Voting for district {wijk} closes {deadlineEn}. Have you not voted yet? Do it now:\n{roundPage}");
            case NewsKind.ResultsPublished:
                return (
                    $"De uitslag is bekend: {round}",
                    $"The results are out: {round}",
                    $"De stemming voor wijk {wijk} is geteld. Bekijk welke plannen geld krijgen:\n{roundPage}",
                    $"The votes for district {wijk} have been counted. See which plans get money:\n{roundPage}");
            case NewsKind.ProjectCompleted:
                return (
                    $"Klaar: {proposal}",
                    $"Done: {proposal}",
                    $"Het plan '{proposal}' in wijk {wijk} is uitgevoerd. Bekijk waar het geld naartoe ging:\n{roundPage}",
                    $"The plan '{proposal}' in district {wijk} has been carried out. See where the money went:\n{roundPage}");
            default:
                throw new InvalidOperationException($"No words for news of kind '{kind}'.");
        }
    }

    private static string WijkName(NewsFacts facts) => facts.DistrictName ?? facts.District;
}
