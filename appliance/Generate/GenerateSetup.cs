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
        services.AddOptions<LlmBatchOptions>().BindConfiguration(LlmBatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LlmPacer>();
        services.AddSingleton<LlmBatchStore>();
        services.AddSingleton(sp =>
        {
            // Built on first use only: the route needs Llm:BaseUrl, which the template generator does not.
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return new BatchGenerationRoute(sp.GetRequiredService<LlmBatchStore>(), new LlmBatchApi(LlmBatchApi.CreateHttpClient(llm)), llm,
                sp.GetRequiredService<IOptions<LlmBatchOptions>>().Value, PromptTemplate.Load(sp.GetRequiredService<IOptions<GenerateOptions>>().Value.PromptTemplateFile),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BatchGenerationRoute>>());
        });
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
