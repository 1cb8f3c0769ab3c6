namespace TodoGrains.Api.Tests;

/// <summary>One running embedded host shared by the API tests; every test signs up its own user.</summary>
public sealed class SiloFixture() : SiloHost(new Dictionary<string, string> { ["Auth:Operators:0"] = OperatorName })
{
    /// <summary>The user name that configuration makes an operator (the grain dashboard).</summary>
    public const string OperatorName = "ops-admin";
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
