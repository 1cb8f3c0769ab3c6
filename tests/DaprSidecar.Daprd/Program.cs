using TodoGrains.DaprSidecar.Daprd;

// `broker`: the one stand-in sidecar that every pod's daprd forwards to (the shared Kafka, state and secret store).
// Otherwise: daprd in a pod, started with daprd's own flags as the injector passes them.
return args.FirstOrDefault() == "broker"
    ? await BrokerMode.RunAsync(args[1..])
    : await DaprdMode.RunAsync(args);
