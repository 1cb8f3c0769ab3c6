using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using TodoGrains.Frontend;
using TodoGrains.Frontend.Models;
using TodoGrains.Frontend.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// Where the API and the hub are comes from config.json, served with the app by whoever hosts it.
using (var bootstrap = new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) })
{
    var config = await bootstrap.GetFromJsonAsync<ClientConfig>("config.json", ApiJson.Options) ?? new ClientConfig("", "/hubs/sync");
    builder.Services.AddSingleton(config with { ApiBase = string.IsNullOrEmpty(config.ApiBase) ? builder.HostEnvironment.BaseAddress : config.ApiBase });
}

builder.Services.AddScoped(_ => new HttpClient());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<UndoOffers>();
builder.Services.AddScoped<TodoApi>();
builder.Services.AddScoped<LiveUpdates>();

await builder.Build().RunAsync();
