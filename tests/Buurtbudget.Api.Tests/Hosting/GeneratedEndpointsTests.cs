using System.CodeDom.Compiler;
using System.Reflection;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>The API's endpoints are compiled with the API (the Request Delegate Generator), not built from expression
/// trees whenever a host starts: 44 tests of four classes, each starting hosts of its own, took 15 to 19 CPU seconds
/// instead of 28 to 30. What the generated code does not put into words is kept out of the signatures.</summary>
public sealed class GeneratedEndpointsTests : IAsyncLifetime
{
    private const string Generator = "Microsoft.AspNetCore.Http.RequestDelegateGenerator";

    private readonly TestDirectory _directory = new();
    private BuurtbudgetApp _app = null!;

    public Task InitializeAsync()
    {
        // Every endpoint there is: the Development environment (the demo personas) with the cluster dashboard on.
        _app = new BuurtbudgetApp(_directory, settings: ClusterDashboardTests.DashboardOn);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public void Every_endpoint_the_api_maps_itself_is_source_generated()
    {
        var own = Endpoints().Where(e => e.Metadata.GetMetadata<MethodInfo>()?.DeclaringType?.Assembly == typeof(Program).Assembly).ToList();

        Assert.True(own.Count > 50, $"Only {own.Count} endpoints of the API found; is the app's EndpointDataSource read?");
        var notGenerated = own.Where(e => e.Metadata.GetMetadata<GeneratedCodeAttribute>()?.Tool?.StartsWith(Generator + ",", StringComparison.Ordinal) != true).Select(e => e.DisplayName).ToList();
        Assert.True(notGenerated.Count == 0, "Built at start-up instead of generated: " + string.Join(", ", notGenerated));
    }

    /// <summary>For an optional value type read from the address (<c>int?</c>, <c>long?</c>) that does not parse, the
    /// generated code sets a bare 400 without a reason; such values are read as text by <c>QueryNumbers</c>.</summary>
    [Fact]
    public void No_endpoint_binds_an_optional_value_type_from_the_address()
    {
        var optionalValues = Endpoints()
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IParameterBindingMetadata>().Select(p => (Endpoint: e, Parameter: p)))
            .Where(b => b.Parameter.HasTryParse && Nullable.GetUnderlyingType(b.Parameter.ParameterInfo.ParameterType) is not null)
            .Select(b => $"{b.Endpoint.DisplayName}: {b.Parameter.Name}")
            .ToList();

        Assert.True(optionalValues.Count == 0, "Answered with a bare 400 when malformed: " + string.Join(", ", optionalValues));
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
}
