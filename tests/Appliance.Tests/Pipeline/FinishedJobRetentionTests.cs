using System.ComponentModel.DataAnnotations;
using Appliance.Pipeline;
using Hangfire.Common;

namespace Appliance.Tests.Pipeline;

/// <summary>
/// The in-memory queues keep a finished job only <c>Jobs:KeepFinishedMinutes</c>: Hangfire asks for a day, and a daemon
/// finishes about 20 jobs per 1,000 rows, each held with its arguments and state history until it expires.
/// </summary>
public class FinishedJobRetentionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void AFinishedJob_ExpiresAfterTheConfiguredMinutes_ThoughHangfireAsksForADay(int minutes)
    {
        using var storage = PipelineSetup.MemoryStorage(new JobsOptions { KeepFinishedMinutes = minutes });
        using var connection = storage.GetConnection();
        var before = DateTime.UtcNow;
        var id = connection.CreateExpiredJob(Job.FromExpression(() => Console.WriteLine()), new Dictionary<string, string?>(), before, TimeSpan.FromDays(1));
        using (var transaction = connection.CreateWriteTransaction())
        {
            // What Hangfire does when a job succeeds: JobExpirationTimeout, one day by default.
            transaction.ExpireJob(id, TimeSpan.FromDays(1));
            transaction.Commit();
        }

        var expireAt = storage.GetMonitoringApi().JobDetails(id).ExpireAt;

        Assert.NotNull(expireAt);
        Assert.InRange(expireAt.Value, before.AddMinutes(minutes).AddSeconds(-5), DateTime.UtcNow.AddMinutes(minutes).AddSeconds(5));
    }

    [Fact]
    public void KeepFinishedMinutes_DefaultsToTen_AndIsValidated()
    {
        Assert.Equal(10, new JobsOptions().KeepFinishedMinutes);

        var none = new JobsOptions { KeepFinishedMinutes = 0 };
        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(none, new ValidationContext(none), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(JobsOptions.KeepFinishedMinutes)));
    }
}
