using Appliance.Generate;
using Appliance.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Generate;

public class GenerateOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddGenerate()
        .BuildServiceProvider();

    [Fact]
    public void Defaults_AreTheTemplateGenerator()
    {
        using var services = Services([]);

        Assert.Equal("template", services.GetRequiredService<IOptions<GenerateOptions>>().Value.Generator);
        Assert.IsType<TemplateGenerator>(services.GetRequiredService<IMessageGenerator>());
    }

    [Fact]
    public void PromptTemplateWithAnUnknownPlaceholder_StopsStartUpNamingIt()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("prompt.txt", "Write to {{contact}} about {{compnay_size}}.");
        using var services = Services(new() { ["Generate:PromptTemplateFile"] = file });

        var e = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IOptions<GenerateOptions>>().Value);

        Assert.Contains("{{compnay_size}}", e.ToString());
    }

    [Fact]
    public void UnknownGenerator_IsRefused()
    {
        using var services = Services(new() { ["Generate:Generator"] = "gpt" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GenerateOptions>>().Value);

        Assert.Contains("Generate:Generator", e.Message);
    }
}
