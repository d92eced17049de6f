using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Rounds;

/// <summary>A reference to a round's grain, as Orleans hands out: cheap, stateless, valid across activations.
/// Every call finds the round's current activation, so a call racing an idle deactivation lands in a fresh one.</summary>
internal sealed class RoundGrain : IRoundGrain
{
    private readonly RoundActorHost _host;

    public RoundGrain(RoundActorHost host, RoundId id)
    {
        _host = host;
        Id = id;
    }

    public RoundId Id { get; }

    public Task<CommandResult> ExecuteAsync(RoundCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<CommandResult>(cancellationToken);
        }

        var pending = new PendingCommand(command, cancellationToken);

        // A closed mailbox means the activation was just deactivated (it left the host before it closed), so the
        // next lookup finds or creates a fresh one. During shutdown the lookup throws ObjectDisposedException.
        while (!_host.GetActivation(Id).TryEnqueue(pending))
        {
        }

        return pending.Answer;
    }

    public Task<RoundState> GetStateAsync(CancellationToken cancellationToken = default) =>
        _host.GetActivation(Id).GetStateAsync(cancellationToken);
}
