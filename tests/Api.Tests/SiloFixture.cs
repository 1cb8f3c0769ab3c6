namespace TodoGrains.Api.Tests;

/// <summary>One running embedded host shared by the API tests; every test signs up its own user.</summary>
public sealed class SiloFixture() : SiloHost(new Dictionary<string, string>
{
    ["Auth:Operators:0:Name"] = OperatorName,
    ["Auth:Operators:0:Password"] = OperatorPassword,
})
{
    /// <summary>The operator account that configuration holds (the grain dashboard); not a registered user.</summary>
    public const string OperatorName = "ops-admin";

    public const string OperatorPassword = "operator pass from a secret";
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
