using System.ComponentModel.DataAnnotations;
using Appliance.Ingest;

namespace Appliance.Tests.Ingest;

public class IngestOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndMatchTheDocumentedLimits()
    {
        var options = new IngestOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
        Assert.Equal(65_536, options.MaxFieldLength);
        Assert.Equal(200L * 1024 * 1024, options.MaxUploadBytes);
    }

    [Fact]
    public void TinyFieldLimit_IsInvalid()
    {
        var options = new IngestOptions { MaxFieldLength = 10 };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(IngestOptions.MaxFieldLength)));
    }
}
