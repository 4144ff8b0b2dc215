using Appliance.Jobs;
using Microsoft.Extensions.Options;

namespace Appliance.Generate;

/// <summary>Messages being generated in this process (<c>Generate:Concurrency</c>), across all generate chunks.</summary>
public sealed class GenerateLimiter(IOptions<GenerateOptions> options) : InFlightLimiter(options.Value.Concurrency);
