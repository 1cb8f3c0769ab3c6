using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using TodoGrains.Silo.Startup;

namespace TodoGrains.Api.Tests;

/// <summary>
/// The embedded host's Orleans ports (loopback) let in only a peer with the host's own certificate, which lives in
/// its data folder: another local account cannot read anyone's tasks through them without a token.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class OrleansPortTests(SiloFixture fixture)
{
    [Fact]
    public async Task AnOrleansClient_WithoutTheHostsCertificate_CannotReadAPersonsTasks()
    {
        var victim = await fixture.NewUserAsync();
        await victim.CreateAsync("""{"title":"Private: bank PIN reminder"}""");

        await Assert.ThrowsAnyAsync<Exception>(() => OrleansGatewayClient.ReadTitlesAsync(fixture.Silo.GatewayPort, certificate: null, victim.UserId));
        using var stranger = ClusterCertificates.SelfSigned("stranger");
        await Assert.ThrowsAnyAsync<Exception>(() => OrleansGatewayClient.ReadTitlesAsync(fixture.Silo.GatewayPort, stranger, victim.UserId));

        // The same call with the host's own certificate goes through: the certificate is what keeps the others out.
        using var own = HostCertificate();
        Assert.Contains("Private: bank PIN reminder", await OrleansGatewayClient.ReadTitlesAsync(fixture.Silo.GatewayPort, own, victim.UserId));
    }

    [Fact]
    public async Task TheSiloPort_DropsATlsPeerWithoutTheHostsCertificate()
    {
        using var own = HostCertificate();
        using var stranger = ClusterCertificates.SelfSigned("stranger");

        Assert.True(await StaysConnectedAsync(own));
        Assert.False(await StaysConnectedAsync(stranger));
        Assert.False(await StaysConnectedAsync(null));
    }

    private X509Certificate2 HostCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(fixture.Silo.DataDirectory, OrleansTransportSecurity.EmbeddedCertificateFile), null);

    // A silo waits for a connecting peer to speak first; one it refused closes the connection right after the handshake.
    private async Task<bool> StaysConnectedAsync(X509Certificate2? certificate)
    {
        using var host = HostCertificate();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, fixture.Silo.SiloPort, TestContext.Current.CancellationToken);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, server, _, _) => server is not null && server.GetRawCertData().AsSpan().SequenceEqual(host.RawData));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = certificate is null ? null : [certificate],
            }, TestContext.Current.CancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(2));
            return await tls.ReadAsync(new byte[1], wait.Token) > 0;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }
}
