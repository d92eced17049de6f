namespace Buurtbudget.Domain.Arguments;

/// <summary>Every reason the round can refuse an argument, an agreement or a hiding. Stable codes, like
/// <see cref="Rounds.RoundErrors"/>: the API turns each into a problem-details type and a Dutch and English text.</summary>
public static class ArgumentErrors
{
    /// <summary>Args: argument.</summary>
    public const string ArgumentNotFound = "argument-not-found";

    /// <summary>A resident's first argument in a round needs the display name it will be shown under.</summary>
    public const string DisplayNameNeeded = "display-name-needed";

    /// <summary>Another resident of the round already shows under this name (compared without case or spacing
    /// differences). Args: name.</summary>
    public const string DisplayNameTaken = "display-name-taken";

    /// <summary>The resident already chose another name in this round; it stays, so that the same resident always
    /// shows the same name. Args: name (the one they chose).</summary>
    public const string DisplayNameAlreadyChosen = "display-name-already-chosen";

    /// <summary>One agreement per resident per argument. Args: argument.</summary>
    public const string AlreadyAgreed = "argument-already-agreed";

    /// <summary>Agreeing with one's own argument would count the author twice. Args: argument.</summary>
    public const string OwnArgument = "own-argument";

    /// <summary>A hidden argument takes no agreements. Args: argument.</summary>
    public const string ArgumentIsHidden = "argument-is-hidden";

    /// <summary>Args: argument, reason (the reason it was hidden with).</summary>
    public const string ArgumentAlreadyHidden = "argument-already-hidden";
}
