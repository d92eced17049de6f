using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Rounds;

/// <summary>A command waiting in a round's mailbox with the caller's answer to fill in. The caller's token may
/// cancel the wait only until a turn claims the command: from then on it runs, so an answer never goes missing
/// for a command whose events were stored.</summary>
internal sealed class PendingCommand
{
    private const int Waiting = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<CommandResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private int _stage;

    public PendingCommand(RoundCommand command, CancellationToken cancellationToken)
    {
        Command = command;
        if (cancellationToken.CanBeCanceled)
        {
            // UnsafeRegister: the callback only flips a flag and completes a task, it needs no execution context.
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingCommand)state!).CancelWait(token), this);
        }
    }

    public RoundCommand Command { get; }

    public Task<CommandResult> Answer => _answer.Task;

    /// <summary>Whether the answer is already given (or the caller gave up, or deciding it threw).</summary>
    public bool IsDone => _answer.Task.IsCompleted;

    /// <summary>Takes the command into a turn; false if its caller cancelled first.</summary>
    public bool TryClaim()
    {
        if (Interlocked.CompareExchange(ref _stage, Claimed, Waiting) != Waiting)
        {
            return false;
        }

        _cancellation.Unregister();
        return true;
    }

    public bool Complete(CommandResult result) => _answer.TrySetResult(result);

    public void Fail(Exception exception) => _answer.TrySetException(exception);

    private void CancelWait(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _stage, Cancelled, Waiting) == Waiting)
        {
            _answer.TrySetCanceled(token);
        }
    }
}
