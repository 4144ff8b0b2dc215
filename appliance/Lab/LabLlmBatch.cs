namespace Appliance.Lab;

/// <summary>One request line of a batch's input file, as validated at creation; its prompt is read again when it runs.</summary>
internal readonly record struct LabLlmBatchItem(string CustomId, int Offset, int Length, int PromptTokens, bool Fails);

/// <summary>
/// One batch and its life on the lab's clock: <c>validating</c> → <c>in_progress</c> (requests finish evenly over the
/// drawn turnaround) → <c>finalizing</c> → <c>completed</c>; or <c>failed</c> after validating; or <c>expired</c> at the
/// end of its window with what finished by then; or <c>cancelling</c> → <c>cancelled</c>. The status is worked out
/// when someone looks (<see cref="Advance"/>); the output and error files are written once, on the terminal state.
/// </summary>
internal sealed class LabLlmBatch
{
    public required string Id { get; init; }
    public required string InputFileId { get; init; }
    public required string Endpoint { get; init; }
    public required string CompletionWindow { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<LabLlmBatchItem> Items { get; init; }
    public required TimeSpan Validating { get; init; }
    public required TimeSpan Turnaround { get; init; }
    public required TimeSpan Finalizing { get; init; }
    public required TimeSpan Window { get; init; }

    /// <summary>Set when validation refused the batch: its errors' code and message.</summary>
    public (string Code, string Message, int? Line)? Refusal { get; init; }

    public long PromptTokens => Items.Sum(i => (long)i.PromptTokens);

    public string Status { get; private set; } = "validating";
    public DateTimeOffset? InProgressAt { get; private set; }
    public DateTimeOffset? FinalizingAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateTimeOffset? FailedAt { get; private set; }
    public DateTimeOffset? ExpiredAt { get; private set; }
    public DateTimeOffset? CancellingAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? OutputFileId { get; private set; }
    public string? ErrorFileId { get; private set; }
    public int Completed { get; private set; }
    public int Failed { get; private set; }

    public DateTimeOffset ExpiresAt => CreatedAt + Window;

    public bool Unfinished => Status is "validating" or "in_progress" or "finalizing" or "cancelling";

    /// <summary>Requests finished by <paramref name="at"/>, counted in file order.</summary>
    private int FinishedBy(DateTimeOffset at)
    {
        var started = CreatedAt + Validating;
        if (at <= started)
        {
            return 0;
        }

        return Turnaround <= TimeSpan.Zero ? Items.Count : (int)Math.Min(Items.Count, Math.Floor(Items.Count * ((at - started) / Turnaround)));
    }

    /// <summary>Moves the batch to where the clock says it is; <paramref name="finish"/> writes its files on a terminal state.</summary>
    public void Advance(DateTimeOffset now, Action<LabLlmBatch, int, string> finish)
    {
        var started = CreatedAt + Validating;
        if (!Unfinished)
        {
            return;
        }

        if (CancellingAt is { } cancelling)
        {
            if (now >= cancelling + Finalizing)
            {
                CancelledAt = cancelling + Finalizing;
                Status = "cancelled";
                finish(this, FinishedBy(cancelling), "batch_cancelled");
            }

            return;
        }

        if (now < started)
        {
            return;
        }

        if (Refusal is not null)
        {
            FailedAt = started;
            Status = "failed";
            return;
        }

        InProgressAt = started;
        var done = started + Turnaround;
        if (done > ExpiresAt && now >= ExpiresAt)
        {
            ExpiredAt = ExpiresAt;
            Status = "expired";
            finish(this, FinishedBy(ExpiresAt), "batch_expired");
            return;
        }

        if (now < done)
        {
            Status = "in_progress";
            Completed = CountOk(FinishedBy(now));
            return;
        }

        FinalizingAt = done;
        Status = "finalizing";
        if (now >= done + Finalizing)
        {
            CompletedAt = done + Finalizing;
            Status = "completed";
            finish(this, Items.Count, "");
        }
    }

    public bool Cancel(DateTimeOffset now)
    {
        if (!Unfinished || CancellingAt is not null)
        {
            return false;
        }

        CancellingAt = now;
        Status = "cancelling";
        return true;
    }

    /// <summary>Called by the finisher with the files it wrote and the counts in them.</summary>
    public void Finished(string? outputFileId, string? errorFileId, int completed, int failed)
    {
        OutputFileId = outputFileId;
        ErrorFileId = errorFileId;
        Completed = completed;
        Failed = failed;
    }

    private int CountOk(int finished) => Items.Take(finished).Count(i => !i.Fails);
}
