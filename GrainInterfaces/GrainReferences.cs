using System.Runtime.CompilerServices;

namespace TodoGrains.GrainInterfaces;

/// <summary>
/// A grain reference by string key, with the interface's Orleans type names resolved once per grain factory.
/// <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves them on every call, reading the interface's attributes and
/// formatting its type name: about 5 % of the silo's CPU for a list of 50 tasks (docs/performance.md). The reference is
/// the same one <c>GetGrain&lt;T&gt;</c> makes: the grain type the factory maps the interface to, and the key.
/// </summary>
public static class GrainReferences
{
    /// <summary>The <typeparamref name="TGrain"/> with <paramref name="key"/>, as <c>grains.GetGrain&lt;TGrain&gt;(key)</c> gives it.</summary>
    /// <typeparam name="TGrain">A grain interface with a string key.</typeparam>
    /// <param name="grains">The factory that makes the reference.</param>
    /// <param name="key">The grain's key.</param>
    public static TGrain Of<TGrain>(IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var types = Types<TGrain>.ByFactory.GetValue(grains, static factory => ResolvedTypes.Of(factory, typeof(TGrain)));
        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private sealed record ResolvedTypes(GrainInterfaceType Interface, GrainType Grain)
    {
        // From one reference made the usual way, so they are exactly what GetGrain<T> resolves.
        public static ResolvedTypes Of(IGrainFactory grains, Type interfaceType)
        {
            var probe = (GrainReference)grains.GetGrain(interfaceType, "types");
            return new(probe.InterfaceType, probe.GrainId.Type);
        }
    }

    private static class Types<TGrain>
    {
        public static readonly ConditionalWeakTable<IGrainFactory, ResolvedTypes> ByFactory = [];
    }
}
