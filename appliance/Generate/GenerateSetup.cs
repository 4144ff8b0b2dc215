using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Appliance.Generate;

public static class GenerateSetup
{
    public static IServiceCollection AddGenerate(this IServiceCollection services)
    {
        services.AddOptions<GenerateOptions>().BindConfiguration(GenerateOptions.Section).ValidateDataAnnotations()
            .Validate(o => TryLoadPrompt(o), "the prompt template (Generate:PromptTemplateFile) cannot be used")
            .ValidateOnStart();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LlmPacer>();
        services.AddSingleton<IMessageGenerator>(sp =>
            sp.GetRequiredService<IOptions<GenerateOptions>>().Value.Generator == LlmGenerator.Name
                ? ActivatorUtilities.CreateInstance<LlmGenerator>(sp)
                : new TemplateGenerator());
        return services;
    }

    private static bool TryLoadPrompt(GenerateOptions options)
    {
        PromptTemplate.Load(options.PromptTemplateFile); // throws with the unknown placeholder's name
        return true;
    }
}
