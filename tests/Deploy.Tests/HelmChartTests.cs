using k8s.Models;

namespace TodoGrains.Deploy.Tests;

/// <summary>
/// The Helm chart, rendered by a real helm 3.17 for each values file and loaded strictly with the KubernetesClient
/// models: every object well-formed, and the properties a safe, Orleans-and-Dapr-correct release needs.
/// </summary>
public sealed class HelmChartTests
{
    public static TheoryData<string> ValueFiles => new() { "values.yaml", "values-minikube.yaml", "values-oke.yaml" };

    private static readonly string[] DotnetApps = ["chat-api", "recurring", "notification", "audit", "sync"];

    private static readonly Dictionary<string, string[]> RequiredMetadata = new()
    {
        ["pubsub.kafka"] = ["brokers", "authType"],
        ["state.postgresql"] = ["connectionString"],
        ["bindings.cron"] = ["schedule"],
        ["secretstores.kubernetes"] = [],
    };

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Chart_LintsStrictlyWithoutWarnings(string values)
    {
        var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, ["lint", "--strict", Tools.Chart, .. ValuesArgs(values)]);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("[WARNING]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void EveryRenderedObject_LoadsStrictly(string values)
    {
        var objects = Render(values);
        Assert.True(objects.Count >= 25, $"only {objects.Count} objects rendered");
        Assert.Contains(objects, o => o is V1Deployment);
        Assert.Contains(objects, o => o is DaprComponent);
    }

    // The ports daprd takes in every pod it is injected into: HTTP and gRPC APIs, internal gRPC, public (health).
    private static readonly int[] DaprdPorts = [3500, 50001, 50002, 3501];

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void NoContainerPort_CollidesWithTheInjectedDaprSidecar(string values)
    {
        foreach (var deployment in Render(values).OfType<V1Deployment>().Where(d => AppId(d) is not null))
        {
            var annotations = deployment.Spec.Template.Metadata.Annotations;
            var metrics = annotations.TryGetValue("dapr.io/metrics-port", out var port) ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : 9090;
            var taken = DaprdPorts.Append(metrics).ToHashSet();
            foreach (var container in deployment.Spec.Template.Spec.Containers)
            {
                var listening = (container.Ports ?? []).Select(p => p.ContainerPort)
                    .Concat((container.Env ?? []).Where(e => e.Name.EndsWith("Port", StringComparison.Ordinal) && int.TryParse(e.Value, out _)).Select(e => int.Parse(e.Value, System.Globalization.CultureInfo.InvariantCulture)));
                foreach (var used in listening)
                {
                    Assert.False(taken.Contains(used), $"{deployment.Metadata.Name}/{container.Name} uses port {used}, which the Dapr sidecar in the same pod takes");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void EveryDaprApp_GetsTheAppTokenItsSidecarSends(string values)
    {
        var objects = Render(values);
        var tokenSecret = objects.OfType<V1Secret>().Single(s => s.Metadata.Name.EndsWith("-app-token", StringComparison.Ordinal)).Metadata.Name;
        foreach (var deployment in objects.OfType<V1Deployment>().Where(d => AppId(d) is not null))
        {
            Assert.Equal(tokenSecret, deployment.Spec.Template.Metadata.Annotations["dapr.io/app-token-secret"]);
            var env = deployment.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "Dapr__AppApiToken");
            Assert.Equal(tokenSecret, env.ValueFrom.SecretKeyRef.Name);
            Assert.Equal("token", env.ValueFrom.SecretKeyRef.Key);
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void TheDashboardsOperator_IsAnAccountFromASecret_NeverAUserName(string values)
    {
        var objects = Render(values);
        var env = objects.OfType<V1Deployment>().Single(d => AppId(d) == "chat-api").Spec.Template.Spec.Containers[0].Env;
        Assert.Equal("ops", env.Single(e => e.Name == "Auth__Operators__0__Name").Value);
        var password = env.Single(e => e.Name == "Auth__Operators__0__Password").ValueFrom.SecretKeyRef;
        Assert.Equal(("todo-grains-operator", "password"), (password.Name, password.Key));
        Assert.DoesNotContain(env, e => e.Name.StartsWith("Auth__Operators__", StringComparison.Ordinal) && !e.Name.StartsWith("Auth__Operators__0__", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void TheSilosOrleansPorts_AdmitOnlySilos_OverMutualTlsFromASecret(string values)
    {
        var objects = Render(values);
        var silo = objects.OfType<V1Deployment>().Single(d => AppId(d) == "chat-api");
        var container = silo.Spec.Template.Spec.Containers[0];
        var orleansPorts = container.Ports.Where(p => p.Name is "silo" or "gateway").Select(p => p.ContainerPort).ToList();
        Assert.Equal(2, orleansPorts.Count);

        // Every rule that lets a port in names its ports; those naming an Orleans port admit the silos' pods only.
        var policy = objects.OfType<V1NetworkPolicy>().Single(p => p.Spec.PodSelector.MatchLabels.All(l => silo.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        Assert.Contains("Ingress", policy.Spec.PolicyTypes);
        foreach (var rule in policy.Spec.Ingress)
        {
            Assert.True(rule.Ports?.Count > 0, "an ingress rule without ports admits every port, the Orleans ones too");
            if (rule.Ports!.Any(p => orleansPorts.Contains(int.Parse(p.Port.Value, System.Globalization.CultureInfo.InvariantCulture))))
            {
                var from = Assert.Single(rule.FromProperty ?? []);
                Assert.Null(from.NamespaceSelector);
                Assert.Null(from.IpBlock);
                Assert.Equal(silo.Spec.Selector.MatchLabels, from.PodSelector.MatchLabels);
            }
        }

        Assert.Contains(policy.Spec.Ingress, r => r.Ports.Any(p => p.Port.Value == orleansPorts[0].ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // The certificate, key and authority come from a kubernetes.io/tls Secret the chart renders, and the silo
        // itself accepts them: the files are written out as the volume would hold them and loaded by the product.
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
        var volume = silo.Spec.Template.Spec.Volumes.Single(v => v.Secret is not null && container.VolumeMounts.Any(m => m.Name == v.Name && env["Orleans__Tls__CertificatePath"].StartsWith(m.MountPath + "/", StringComparison.Ordinal)));
        var mount = container.VolumeMounts.Single(m => m.Name == volume.Name);
        Assert.True(mount.ReadOnlyProperty);
        var secret = objects.OfType<V1Secret>().Single(s => s.Metadata.Name == volume.Secret.SecretName);
        Assert.Equal("kubernetes.io/tls", secret.Type);
        var folder = Directory.CreateTempSubdirectory("todo-grains-tls").FullName;
        try
        {
            foreach (var (key, data) in secret.Data)
            {
                File.WriteAllBytes(Path.Combine(folder, key), data);
            }

            string Local(string variable) => Path.Combine(folder, Path.GetRelativePath(mount.MountPath, env[variable]));
            var options = new TodoGrains.Silo.Options.SiloOptions
            {
                Shape = TodoGrains.Silo.Options.HostingShape.Cluster,
                Tls = new() { CertificatePath = Local("Orleans__Tls__CertificatePath"), KeyPath = Local("Orleans__Tls__KeyPath"), AuthorityPath = Local("Orleans__Tls__AuthorityPath") },
            };
            var (certificate, trust) = TodoGrains.Silo.Startup.OrleansTransportSecurity.Load(options, new TodoGrains.Silo.Options.EmbeddedStorageOptions(), TimeProvider.System);
            using (certificate)
            {
                Assert.True(trust.Accepts(certificate));
                var usages = certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
                Assert.Contains(usages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
                Assert.Contains(usages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.2");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void TheSilo_BelievesForwardedAddressesOnlyFromPrivateRanges(string values)
    {
        var env = Render(values).OfType<V1Deployment>().Single(d => AppId(d) == "chat-api").Spec.Template.Spec.Containers[0].Env;
        var networks = env.Where(e => e.Name.StartsWith("ForwardedHeaders__KnownNetworks__", StringComparison.Ordinal)).Select(e => System.Net.IPNetwork.Parse(e.Value)).ToList();
        Assert.NotEmpty(networks);
        Assert.All(networks, n => Assert.True(n.PrefixLength >= 8 && (n.BaseAddress.GetAddressBytes()[0] is 10 or 172 or 192), $"{n} is not a private range"));
    }

    [Fact]
    public void AnInternalPortTheSidecarTakes_FailsTheRender()
    {
        var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, "template", "todo-grains", Tools.Chart, "--set", "silo.observability.internalPort=9090");
        Assert.NotEqual(0, exit);
        Assert.Contains("silo.observability.internalPort 9090 is taken", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Containers_RunAsNonRootOnAReadOnlyFileSystem_WithPinnedImages_ProbesAndResources(string values)
    {
        var objects = Render(values);
        var pods = objects.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template.Spec))
            .Concat(objects.OfType<V1Job>().Select(j => (j.Metadata.Name, j.Spec.Template.Spec))).ToList();
        Assert.Equal(6, objects.OfType<V1Deployment>().Count());
        foreach (var (name, pod) in pods)
        {
            foreach (var container in pod.Containers)
            {
                var where = $"{name}/{container.Name}";
                var security = container.SecurityContext ?? new V1SecurityContext();
                Assert.True(security.RunAsNonRoot == true || pod.SecurityContext?.RunAsNonRoot == true, $"{where} may run as root");
                Assert.True(security.ReadOnlyRootFilesystem == true, $"{where} has a writable root file system");
                Assert.True(security.AllowPrivilegeEscalation == false, $"{where} allows privilege escalation");
                Assert.Contains("ALL", security.Capabilities?.Drop ?? []);
                var tag = container.Image.Split('/')[^1].Split(':') is [_, var t] ? t : "";
                Assert.True(tag.Length > 0 && tag != "latest", $"{where} image {container.Image} is not pinned");
                Assert.True(container.Resources?.Requests?.Count > 0 && container.Resources?.Limits?.Count > 0, $"{where} has no resources");
                Assert.DoesNotContain(container.Env ?? [], e => e.Name is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" && e.Value == "Development");
            }
        }

        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var container = deployment.Spec.Template.Spec.Containers[0];
            Assert.True(container.ReadinessProbe is not null && container.LivenessProbe is not null, $"{deployment.Metadata.Name} lacks probes");
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Secrets_ComeOnlyFromKubernetesSecrets(string values)
    {
        var objects = Render(values);
        var env = objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers)
            .Concat(objects.OfType<V1Job>().SelectMany(j => j.Spec.Template.Spec.Containers))
            .SelectMany(c => c.Env ?? []);
        foreach (var variable in env.Where(e => SecretLike(e.Name)))
        {
            Assert.True(variable.Value is null && variable.ValueFrom?.SecretKeyRef is not null, $"{variable.Name} is not read from a Secret");
        }

        // The only Secrets the chart makes are generated ones, the Dapr app token, the operators' password and the
        // silos' TLS: never a product secret.
        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        Assert.Equal(["todo-grains-app-token", "todo-grains-operator", "todo-grains-orleans-tls"], secrets.Keys.Order());
        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], secrets["todo-grains-orleans-tls"].Data.Keys.Order());
        Assert.Equal(["token"], secrets["todo-grains-app-token"].Data.Keys);
        Assert.True(secrets["todo-grains-app-token"].Data["token"].Length >= 32, "the generated app token is short");
        Assert.Equal(["password"], secrets["todo-grains-operator"].Data.Keys);
        Assert.True(secrets["todo-grains-operator"].Data["password"].Length >= 16, "the generated operator password is short");
        foreach (var component in objects.OfType<DaprComponent>())
        {
            Assert.All(component.Spec.Metadata.Where(m => SecretLike(m.Name)), m => Assert.True(m.Value is null && m.SecretKeyRef is not null, $"{component.Metadata.Name}.{m.Name} is not a secret reference"));
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void DotnetServices_HaveDaprAnnotations_AndTheFrontendNone(string values)
    {
        var deployments = Render(values).OfType<V1Deployment>().ToList();
        foreach (var app in DotnetApps)
        {
            var deployment = deployments.Single(d => AppId(d) == app);
            var annotations = deployment.Spec.Template.Metadata.Annotations;
            Assert.Equal("true", annotations["dapr.io/enabled"]);
            Assert.Equal("8080", annotations["dapr.io/app-port"]);
            Assert.False(string.IsNullOrEmpty(annotations["dapr.io/config"]));
        }

        var frontend = Assert.Single(deployments, d => d.Spec.Template.Metadata.Annotations?.ContainsKey("dapr.io/app-id") != true);
        Assert.Contains("frontend", frontend.Metadata.Name, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Silo_FollowsTheOrleansKubernetesHostingRequirements(string values)
    {
        var objects = Render(values);
        var silo = objects.OfType<V1Deployment>().Single(d => AppId(d) == "chat-api");
        var pod = silo.Spec.Template;
        var container = pod.Spec.Containers[0];
        foreach (var (variable, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
        {
            Assert.Equal(field, container.Env.Single(e => e.Name == variable).ValueFrom.FieldRef.FieldPath);
        }

        Assert.Equal(container.Env.Single(e => e.Name == "Orleans__ServiceId").Value, pod.Metadata.Labels["orleans/serviceId"]);
        Assert.Equal(container.Env.Single(e => e.Name == "Orleans__ClusterId").Value, pod.Metadata.Labels["orleans/clusterId"]);
        Assert.Contains(container.Ports, p => p.ContainerPort == 11111);
        Assert.Contains(container.Ports, p => p.ContainerPort == 30000);
        Assert.NotNull(container.StartupProbe);
        Assert.True(pod.Spec.TerminationGracePeriodSeconds >= 45);

        var account = pod.Spec.ServiceAccountName;
        var roles = objects.OfType<V1RoleBinding>().Where(b => b.Subjects.Any(s => s.Name == account)).Select(b => b.RoleRef.Name).ToHashSet();
        var pods = objects.OfType<V1Role>().Where(r => roles.Contains(r.Metadata.Name)).SelectMany(r => r.Rules).Single(r => r.Resources.Contains("pods"));
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "delete", "patch" }, pods.Verbs.ToHashSet());

        var budget = objects.OfType<V1PodDisruptionBudget>().Single(p => p.Spec.Selector.MatchLabels.All(l => pod.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        Assert.NotNull(budget.Spec.MaxUnavailable ?? budget.Spec.MinAvailable);
        if (values == "values-oke.yaml")
        {
            Assert.True(silo.Spec.Replicas >= 2);
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Migrate_IsAHelmHookJobWithoutASidecar(string values)
    {
        var job = Assert.Single(Render(values).OfType<V1Job>());
        Assert.Contains("pre-install", job.Metadata.Annotations["helm.sh/hook"], StringComparison.Ordinal);
        Assert.Contains("pre-upgrade", job.Metadata.Annotations["helm.sh/hook"], StringComparison.Ordinal);
        var container = job.Spec.Template.Spec.Containers[0];
        Assert.Equal(["migrate"], container.Args);
        Assert.NotNull(container.Env.Single(e => e.Name == "ConnectionStrings__Orleans").ValueFrom.SecretKeyRef);
        Assert.Equal("false", job.Spec.Template.Metadata.Annotations?["dapr.io/enabled"]);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void ThePublicRoutes_ReachTheAppApiMcpCalendarAndHubs_AndNothingInternal(string values)
    {
        // Through an Ingress or a Gateway API HTTPRoute, whichever the values choose; both route the same paths.
        var objects = Render(values);
        var routes = objects.OfType<V1Ingress>().SelectMany(i => i.Spec.Rules).SelectMany(r => r.Http.Paths).Select(p => (Path: p.Path, Name: p.Backend.Service.Name, Timeout: (string?)null))
            .Concat(objects.OfType<HttpRoute>().Where(r => !IsRedirect(r)).SelectMany(r => r.Spec.Rules).Select(r => (Path: Single(r.Matches).Path!.Value, Name: Single(r.BackendRefs).Name, Timeout: r.Timeouts?.Request)))
            .ToList();
        Assert.True(objects.OfType<V1Ingress>().Any() ^ objects.OfType<HttpRoute>().Any(), "routes from both an Ingress and an HTTPRoute, or from neither");
        var paths = routes.Select(r => r.Path).ToList();
        Assert.Equal(paths.Distinct().Count(), paths.Count);
        Assert.EndsWith("-frontend", routes.Single(r => r.Path == "/").Name, StringComparison.Ordinal);
        Assert.EndsWith("-sync", routes.Single(r => r.Path == "/hubs").Name, StringComparison.Ordinal);
        // MCP clients, their protected-resource metadata and calendar apps reach the API host, not the static client.
        foreach (var path in new[] { "/api", "/mcp", "/.well-known/oauth-protected-resource", "/calendar" })
        {
            Assert.EndsWith("-chat-api", routes.Single(r => r.Path == path).Name, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(paths, p => p.StartsWith("/internal", StringComparison.Ordinal) || p.StartsWith("/dashboard", StringComparison.Ordinal) || p.StartsWith("/metrics", StringComparison.Ordinal));
        if (objects.OfType<HttpRoute>().Any())
        {
            // A hub's WebSocket lives as long as the tab: a gateway's default request timeout would cut it.
            Assert.Equal("0s", routes.Single(r => r.Path == "/hubs").Timeout);
            var route = objects.OfType<HttpRoute>().Single(r => !IsRedirect(r));
            var gateway = objects.OfType<Gateway>().SingleOrDefault();
            Assert.True(gateway is null || route.Spec.ParentRefs.Any(p => p.Name == gateway.Metadata.Name), "the HTTPRoute is not attached to the release's Gateway");
            if (gateway?.Spec.Listeners.Any(l => l.Protocol == "HTTPS") == true)
            {
                // Over TLS the app is served on HTTPS only; plain HTTP redirects, so no token crosses in clear.
                Assert.Equal("https", Assert.Single(route.Spec.ParentRefs).SectionName);
                var redirect = Assert.Single(objects.OfType<HttpRoute>(), IsRedirect);
                Assert.Equal("http", Assert.Single(redirect.Spec.ParentRefs).SectionName);
                Assert.Equal("https", Assert.Single(Assert.Single(redirect.Spec.Rules).Filters).RequestRedirect!.Scheme);
            }
            Assert.All(route.Spec.Rules.SelectMany(r => r.BackendRefs), b => Assert.Contains(objects.OfType<V1Service>(), svc => svc.Metadata.Name == b.Name && svc.Spec.Ports.Any(p => p.Port == b.Port)));
        }

        static T Single<T>(IList<T> items) => Assert.Single(items);
        static bool IsRedirect(HttpRoute route) => route.Spec.Rules.All(r => r.Filters.Any(f => f.Type == "RequestRedirect"));
    }

    [Theory]
    [InlineData("silo.replica=2", "Additional property replica is not allowed")]
    [InlineData("dapr.pubsub.authType=scram", "dapr.pubsub.authType")]
    [InlineData("silo.agent.provider=openai", "silo.agent.provider")]
    [InlineData("tracing.samplingRate=all", "tracing.samplingRate")]
    [InlineData("orleans.siloPort=70000", "orleans.siloPort")]
    public void AValueTheChartDoesNotKnow_FailsTheRender_NamingIt(string setting, string message)
    {
        var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, "template", "todo-grains", Tools.Chart, "--set", setting);
        Assert.NotEqual(0, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public void OkesValues_RefuseToRenderWithoutTheOperatorsHost()
    {
        var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, "template", "todo-grains", Tools.Chart, "-f", Path.Combine(Tools.Chart, "values-oke.yaml"));
        Assert.NotEqual(0, exit);
        Assert.Contains("needs host", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("values-minikube.yaml")]
    [InlineData("values-oke.yaml")]
    public void TheChartsOwnKafka_HasEveryTopicTheServicesUse_AndThePubSubConnectsToIt(string values)
    {
        var objects = Render(values);
        var kafka = Assert.Single(objects.OfType<StrimziKafka>());
        var pool = Assert.Single(objects.OfType<StrimziNodePool>());
        Assert.Equal(kafka.Metadata.Name, pool.Metadata.Labels["strimzi.io/cluster"]);
        Assert.Equal(["broker", "controller"], pool.Spec.Roles.Order());
        Assert.NotNull(kafka.Spec.EntityOperator?.TopicOperator);
        Assert.Equal("false", kafka.Spec.Kafka.Config["auto.create.topics.enable"].ToString(), ignoreCase: true);

        var pubsub = objects.OfType<DaprComponent>().Single(c => c.Metadata.Name == "pubsub");
        string? Meta(string name) => pubsub.Spec.Metadata.SingleOrDefault(m => m.Name == name)?.Value;
        var topics = objects.OfType<StrimziTopic>().ToDictionary(t => t.Spec.TopicName ?? t.Metadata.Name);
        Assert.All(topics.Values, t => Assert.Equal(kafka.Metadata.Name, t.Metadata.Labels["strimzi.io/cluster"]));
        // Every topic a service publishes or reads, its dead-letter topics too, exists before anyone uses it.
        var used = new[] { "publishingScopes", "subscriptionScopes" }.SelectMany(k => Meta(k)!.Split(';'))
            .SelectMany(entry => entry.Split('=')[1].Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.Superset(used, topics.Keys.ToHashSet());
        Assert.Superset(topics.Keys.ToHashSet(), used);
        foreach (var topic in TodoGrains.Contracts.Events.TodoTopics.All)
        {
            Assert.True(topics[topic].Spec.Partitions >= 3, $"{topic} has {topics[topic].Spec.Partitions} partitions: one consumer per service at most");
        }

        var listener = Assert.Single(kafka.Spec.Kafka.Listeners);
        Assert.Equal($"{kafka.Metadata.Name}-kafka-bootstrap:{listener.Port}", Meta("brokers"));
        if (listener.Authentication?.Type == "scram-sha-512")
        {
            Assert.True(listener.Tls);
            var user = Assert.Single(objects.OfType<StrimziUser>());
            Assert.Equal(("password", "SHA-512", user.Metadata.Name), (Meta("authType"), Meta("saslMechanism"), Meta("saslUsername")));
            var password = pubsub.Spec.Metadata.Single(m => m.Name == "saslPassword").SecretKeyRef!;
            Assert.Equal((user.Metadata.Name, "password"), (password.Name, password.Key));
            var ca = pubsub.Spec.Metadata.Single(m => m.Name == "caCert").SecretKeyRef!;
            Assert.Equal(($"{kafka.Metadata.Name}-cluster-ca-cert", "ca.crt"), (ca.Name, ca.Key));
        }
        else
        {
            Assert.False(listener.Tls);
            Assert.Equal("none", Meta("authType"));
        }
    }

    [Fact]
    public void AManagedKafka_OverSaslPlain_GetsNoMechanism_AndAPrivateAuthorityWhenGiven()
    {
        // OCI Streaming: SASL/PLAIN over TLS with the system's authorities. Dapr reads an empty mechanism as PLAIN.
        var oci = RenderWith("--set", "dapr.pubsub.authType=password", "--set", "dapr.pubsub.saslMechanism=", "--set", "dapr.pubsub.existingSecret=todo-grains-kafka")
            .OfType<DaprComponent>().Single(c => c.Metadata.Name == "pubsub").Spec.Metadata;
        Assert.DoesNotContain(oci, m => m.Name is "saslMechanism" or "caCert" or "disableTls");
        Assert.Equal("todo-grains-kafka", oci.Single(m => m.Name == "saslPassword").SecretKeyRef!.Name);

        var strimzi = RenderWith("--set", "dapr.pubsub.authType=password", "--set", "dapr.pubsub.caCertSecret.name=my-cluster-cluster-ca-cert")
            .OfType<DaprComponent>().Single(c => c.Metadata.Name == "pubsub").Spec.Metadata;
        Assert.Equal(("my-cluster-cluster-ca-cert", "ca.crt"), (strimzi.Single(m => m.Name == "caCert").SecretKeyRef!.Name, strimzi.Single(m => m.Name == "caCert").SecretKeyRef!.Key));
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void DaprComponents_HaveTheMetadataTheirTypesNeed_AndAgreeWithDaprFolder(string values)
    {
        var chart = Render(values).OfType<DaprComponent>().ToDictionary(c => c.Metadata.Name);
        var folder = Directory.GetFiles(Path.Combine(Tools.Root, "dapr", "kubernetes", "components"), "*.yaml")
            .SelectMany(f => Manifests.LoadStrict(File.ReadAllText(f))).OfType<DaprComponent>().ToDictionary(c => c.Metadata.Name);

        Assert.Equal(folder.Keys.Order(), chart.Keys.Order());
        foreach (var (name, component) in chart)
        {
            Assert.True(RequiredMetadata.ContainsKey(component.Spec.Type), $"{name}: unexpected type {component.Spec.Type}");
            var keys = component.Spec.Metadata.Select(m => m.Name).ToHashSet();
            Assert.Superset(RequiredMetadata[component.Spec.Type].ToHashSet(), keys);
            Assert.Equal(folder[name].Spec.Type, component.Spec.Type);
            Assert.Superset(folder[name].Spec.Metadata.Select(m => m.Name).ToHashSet(), keys);
            Assert.Equal(folder[name].Scopes.Order(), component.Scopes.Order());
            foreach (var item in folder[name].Spec.Metadata.Where(m => m.Name.EndsWith("Scopes", StringComparison.Ordinal)))
            {
                Assert.Equal(item.Value, component.Spec.Metadata.Single(m => m.Name == item.Name).Value);
            }
        }

        Assert.DoesNotContain(chart["pubsub"].Spec.Metadata, m => m.Name == "consumerGroup");
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void EveryPod_HasANetworkPolicy_AndOnlyTheIngressFacingOnesOpenTheirAppPort(string values)
    {
        var objects = Render(values);
        var policies = objects.OfType<V1NetworkPolicy>().ToList();
        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var labels = deployment.Spec.Template.Metadata.Labels;
            var policy = Assert.Single(policies, p => p.Spec.PodSelector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value));
            Assert.Contains("Ingress", policy.Spec.PolicyTypes);
            Assert.All(policy.Spec.Ingress, rule => Assert.True(rule.Ports?.Count > 0, $"{policy.Metadata.Name}: a rule without ports admits every port"));
            var openToAll = policy.Spec.Ingress.Where(r => r.FromProperty is null or { Count: 0 }).SelectMany(r => r.Ports).Select(p => p.Port.Value).ToList();
            var component = labels["app.kubernetes.io/component"];
            // The ingress reaches the API, the hub and the static client; recurring, notification and audit get
            // everything through their own sidecar, so no pod may post to their routes.
            Assert.Equal(component is "chat-api" or "sync" or "frontend" ? ["8080"] : [], openToAll);
        }
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Shutdown_DrainsTheAppBeforeItsSidecarLeaves_WithinTheGracePeriod(string values)
    {
        const int AppShutdownSeconds = 30; // .NET's default HostOptions.ShutdownTimeout, which the apps keep.
        foreach (var deployment in Render(values).OfType<V1Deployment>())
        {
            var pod = deployment.Spec.Template;
            var app = pod.Spec.Containers[0];
            var where = deployment.Metadata.Name;
            var pause = app.Lifecycle?.PreStop?.Sleep?.Seconds;
            Assert.True(pause >= 3, $"{where}: no preStop pause, so it may get requests after it stopped listening");
            Assert.True(deployment.Spec.MinReadySeconds > 0, $"{where}: a roll-out does not wait for a new pod to settle");
            if (AppId(deployment) is null)
            {
                continue;
            }

            var annotations = pod.Metadata.Annotations;
            var block = (int)System.Xml.XmlConvert.ToTimeSpan("PT" + annotations["dapr.io/block-shutdown-duration"].ToUpperInvariant()).TotalSeconds;
            var sidecarGrace = int.Parse(annotations["dapr.io/graceful-shutdown-seconds"], System.Globalization.CultureInfo.InvariantCulture);
            // daprd keeps serving the app's calls (the outbox's publishes) until the app has drained...
            Assert.True(block >= pause + AppShutdownSeconds, $"{where}: daprd stops blocking after {block} s, before its app has drained ({pause} + {AppShutdownSeconds} s)");
            // ...and the kubelet waits for both.
            Assert.True(pod.Spec.TerminationGracePeriodSeconds > block + sidecarGrace, $"{where}: {pod.Spec.TerminationGracePeriodSeconds} s of grace is killed before daprd's {block} + {sidecarGrace} s");
        }
    }

    [Fact]
    public void Tracing_IsOffWithoutACollector_AndEveryWorkloadExportsToOne()
    {
        var off = Render("values.yaml");
        Assert.All(off.OfType<DaprConfiguration>(), c => Assert.True(c.Spec.Tracing?.SamplingRate == "0" && c.Spec.Tracing.Otel is null, $"{c.Metadata.Name} samples with nowhere to send"));
        Assert.All(off.OfType<V1Deployment>().Where(d => AppId(d) is not null), d => Assert.DoesNotContain(d.Spec.Template.Spec.Containers[0].Env, e => e.Name == "Observability__OtlpEndpoint"));

        var on = RenderWith("--set", "tracing.otlpEndpoint=otel-collector.monitoring.svc:4317");
        Assert.All(on.OfType<DaprConfiguration>(), c =>
        {
            Assert.Equal("0.1", c.Spec.Tracing!.SamplingRate);
            Assert.Equal(("otel-collector.monitoring.svc:4317", false, "grpc"), (c.Spec.Tracing.Otel!.EndpointAddress, c.Spec.Tracing.Otel.IsSecure!.Value, c.Spec.Tracing.Otel.Protocol));
        });
        // The silo and every edge service export, each under its Dapr app id.
        var workloads = on.OfType<V1Deployment>().Where(d => AppId(d) is not null).ToList();
        Assert.Equal(["audit", "chat-api", "notification", "recurring", "sync"], workloads.Select(AppId).Order(StringComparer.Ordinal));
        Assert.All(workloads, d =>
        {
            var env = d.Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
            Assert.Equal("http://otel-collector.monitoring.svc:4317", env["Observability__OtlpEndpoint"]);
            Assert.Equal(AppId(d), env["OTEL_SERVICE_NAME"]);
            Assert.Equal(("parentbased_traceidratio", "0.1"), (env["OTEL_TRACES_SAMPLER"], env["OTEL_TRACES_SAMPLER_ARG"]));
        });
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void EachSidecar_AdmitsServiceInvocationOnlyFromTheAppsThatCallIt(string values)
    {
        // The call graph of the code: the chat-api reads the audit trail and the inbox (and marks read), the
        // notification service pushes through sync and reads digests from the chat-api, recurring spawns occurrences.
        var expected = new Dictionary<string, string[]>
        {
            ["chat-api"] = ["notification GET", "recurring POST"],
            ["recurring"] = [],
            ["notification"] = ["chat-api GET,POST"],
            ["audit"] = ["chat-api GET"],
            ["sync"] = ["notification POST"],
        };
        var objects = Render(values);
        var configurations = objects.OfType<DaprConfiguration>().ToDictionary(c => c.Metadata.Name);
        foreach (var deployment in objects.OfType<V1Deployment>().Where(d => AppId(d) is not null))
        {
            var configuration = configurations[deployment.Spec.Template.Metadata.Annotations["dapr.io/config"]];
            var acl = configuration.Spec.AccessControl!;
            Assert.Equal("deny", acl.DefaultAction);
            Assert.All(acl.Policies, p => Assert.Equal("deny", p.DefaultAction));
            Assert.All(acl.Policies.SelectMany(p => p.Operations), o => Assert.Equal(("/internal/users/**", "allow"), (o.Name, o.Action)));
            var callers = acl.Policies.Select(p => $"{p.AppId} {string.Join(',', p.Operations.SelectMany(o => o.HttpVerb).Order())}").Order();
            Assert.Equal(expected[AppId(deployment)!], callers);
        }
    }

    [Fact]
    public void TheDaprFolder_HoldsWhatTheChartRenders_ForAReleaseThatManagesDaprItself()
    {
        // dapr.components=false: the operator applies dapr/kubernetes/ for a release named todo-grains in the
        // namespace todo-grains. Each pod's dapr.io/config must name one of its Configurations (daprd exits on a
        // missing one), and each file must say what the chart would have rendered.
        var folder = Directory.GetFiles(Path.Combine(Tools.Root, "dapr", "kubernetes"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(f => Manifests.LoadStrict(File.ReadAllText(f))).ToList();
        var without = RenderWith("--set", "dapr.components=false", "--namespace", "todo-grains");
        Assert.DoesNotContain(without, o => o is DaprConfiguration or DaprResiliency or DaprComponent);
        var names = folder.OfType<DaprConfiguration>().Select(c => c.Metadata.Name).ToHashSet();
        foreach (var deployment in without.OfType<V1Deployment>().Where(d => AppId(d) is not null))
        {
            Assert.Contains(deployment.Spec.Template.Metadata.Annotations["dapr.io/config"], names);
        }

        var chart = RenderWith("--namespace", "todo-grains");
        foreach (var kind in new[] { typeof(DaprConfiguration), typeof(DaprResiliency) })
        {
            var mine = chart.Where(kind.IsInstanceOfType).ToDictionary(o => ((k8s.IKubernetesObject<V1ObjectMeta>)o).Metadata.Name, Spec);
            var theirs = folder.Where(kind.IsInstanceOfType).ToDictionary(o => ((k8s.IKubernetesObject<V1ObjectMeta>)o).Metadata.Name, Spec);
            Assert.Equal(mine, theirs);
        }

        static string Spec(object o) => System.Text.Json.JsonSerializer.Serialize(o.GetType().GetProperty("Spec")!.GetValue(o));
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public void Deliveries_RetryABoundedNumberOfTimes_SoOneFailingEventCannotStallAPartition(string values)
    {
        var resiliency = Assert.Single(Render(values).OfType<DaprResiliency>());
        var inbound = resiliency.Spec.Targets.Components["pubsub"].Inbound!.Retry!;
        var retries = resiliency.Spec.Policies.Retries[inbound].MaxRetries;
        Assert.True(retries is >= 3 and <= 50, $"pubsub deliveries retry {retries} times; -1 is forever");
    }

    private static string? AppId(V1Deployment deployment) =>
        deployment.Spec.Template.Metadata.Annotations is { } annotations && annotations.TryGetValue("dapr.io/app-id", out var id) ? id : null;

    // A signing or API key, a password, a token, a connection string (they carry passwords).
    private static bool SecretLike(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, @"(Key|Password|Token)$|^ConnectionStrings__|Redis$|^connectionString$|^saslPassword$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static readonly Dictionary<string, List<object>> Cache = [];

    // A values file as an operator installs it: OKE's needs the operator's own host (it has no placeholder).
    internal static string[] ValuesArgs(string values) =>
        values == "values-oke.yaml" ? ["-f", Path.Combine(Tools.Chart, values), "--set", "host=todo.example.org"] : ["-f", Path.Combine(Tools.Chart, values)];

    private static List<object> RenderWith(params string[] args)
    {
        var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, ["template", "todo-grains", Tools.Chart, "--kube-version", "1.32", .. args]);
        Assert.True(exit == 0, output);
        return Manifests.LoadStrict(output);
    }

    private static List<object> Render(string values)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(values, out var objects))
            {
                var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, ["template", "todo-grains", Tools.Chart, "--kube-version", "1.32", .. ValuesArgs(values)]);
                Assert.True(exit == 0, output);
                Cache[values] = objects = Manifests.LoadStrict(output);
            }

            return objects;
        }
    }
}
