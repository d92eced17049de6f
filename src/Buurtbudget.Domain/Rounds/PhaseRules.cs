using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Which commands each phase allows.</summary>
internal static class PhaseRules
{
    public static DomainError? Require(RoundState state, RoundCommand command, RoundPhase allowed) =>
        state.Phase == allowed ? null : WrongPhase(state, command, allowed.ToString());

    public static DomainError? Require(RoundState state, RoundCommand command, RoundPhase first, RoundPhase second, RoundPhase third) =>
        state.Phase == first || state.Phase == second || state.Phase == third
            ? null
            : WrongPhase(state, command, $"{first}, {second}, {third}");

    /// <summary>Any phase from the first (draft) up to and including <paramref name="last"/>.</summary>
    public static DomainError? RequireUpTo(RoundState state, RoundCommand command, RoundPhase last) =>
        state.Phase <= last
            ? null
            : WrongPhase(state, command, string.Join(", ", Enum.GetValues<RoundPhase>().Where(phase => phase <= last)));

    private static DomainError WrongPhase(RoundState state, RoundCommand command, string allowed) =>
        DomainError.Of(RoundErrors.WrongPhase, ("action", RoundActions.Of(command)), ("phase", state.Phase.ToString()), ("allowed", allowed));
}
