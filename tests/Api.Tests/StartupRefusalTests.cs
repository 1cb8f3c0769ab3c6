namespace TodoGrains.Api.Tests;

/// <summary>A second host never runs beside the first on what it must have to itself, and bad settings stop a start.</summary>
[Collection(SiloCollection.Name)]
public sealed class StartupRefusalTests(SiloFixture fixture)
{
    [Fact]
    public async Task ASecondHost_OnTheSameDataFolder_RefusesToStart_AndTheFirstGoesOn()
    {
        await using var second = new SiloProcess(fixture.Silo.DataDirectory);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);

        Assert.Contains($"Another TodoGrains host is using the data folder {fixture.Silo.DataDirectory}", refused.Message, StringComparison.Ordinal);
        Assert.True(second.HasExited);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await fixture.Http.GetAsync(new Uri("health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("Orleans:SiloPort")]
    [InlineData("Orleans:GatewayPort")]
    public async Task ASecondHost_OnTheSameOrleansPort_RefusesToStart(string setting)
    {
        var port = setting == "Orleans:SiloPort" ? fixture.Silo.SiloPort : fixture.Silo.GatewayPort;
        await using var second = new SiloProcess(settings: new Dictionary<string, string> { [setting] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);

        Assert.Contains($"127.0.0.1:{port} ({setting}) is already in use", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Agent:TimeoutSeconds", "0")]
    [InlineData("Agent:HistoryMessages", "500")]
    public async Task ASettingOutOfItsRange_StopsTheStart_NamingIt(string setting, string value)
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string> { [setting] = value });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
        Assert.True(host.HasExited);
    }

    [Fact]
    public async Task TheClusterShape_WithoutASharedEventTransport_StopsTheStart()
    {
        using var certificates = new ClusterCertificates(Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N")));
        await using var host = new SiloProcess(settings: Cluster(certificates.Settings));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("Orleans:Shape is Cluster but Events:Transport is not set. Set it to Dapr", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheClusterShape_WithoutTheClustersCertificate_StopsTheStart()
    {
        await using var host = new SiloProcess(settings: Cluster(new Dictionary<string, string> { ["Events:Transport"] = "InProcess" }));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("Orleans:Shape is Cluster but Orleans:Tls:CertificatePath is not set", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiloCertificate_TheAuthorityDidNotSign_StopsTheStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N"));
        using var certificates = new ClusterCertificates(folder);
        using var other = new ClusterCertificates(folder + "-other");
        var settings = Cluster(certificates.Settings);
        settings["Events:Transport"] = "InProcess";
        settings["Orleans:Tls:AuthorityPath"] = other.AuthorityPath;
        await using var host = new SiloProcess(settings: settings);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains($"Orleans:Tls:CertificatePath {certificates.CertificatePath} is not signed by Tls:AuthorityPath", refused.Message, StringComparison.Ordinal);
    }

    // Refused before any connection is made: the database named here does not exist.
    private static Dictionary<string, string> Cluster(IReadOnlyDictionary<string, string> more)
    {
        var settings = new Dictionary<string, string>(more, StringComparer.Ordinal)
        {
            ["Orleans:Shape"] = "Cluster",
            ["ConnectionStrings:Orleans"] = "Host=127.0.0.1;Port=1;Database=none",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        return settings;
    }

    [Fact]
    public async Task AnOperatorWithAShortPassword_StopsTheStart()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string> { ["Auth:Operators:0:Name"] = "ops", ["Auth:Operators:0:Password"] = "short" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("Auth:Operators:0:Password needs at least 16 characters", refused.Message, StringComparison.Ordinal);
    }
}
