{{/* The chart name, or nameOverride. */}}
{{- define "todo-grains.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's base name: the release name alone when it already contains the chart name. */}}
{{- define "todo-grains.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "todo-grains.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "todo-grains.labels" -}}
helm.sh/chart: {{ include "todo-grains.chart" . }}
{{ include "todo-grains.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-grains
{{- end }}

{{- define "todo-grains.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-grains.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component's objects: (dict "root" $ "component" "chat-api"). */}}
{{- define "todo-grains.componentLabels" -}}
{{ include "todo-grains.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "chat-api"). */}}
{{- define "todo-grains.componentSelectorLabels" -}}
{{ include "todo-grains.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* A component's object name: (dict "root" $ "component" "chat-api"). */}}
{{- define "todo-grains.componentName" -}}
{{- printf "%s-%s" (include "todo-grains.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* An image reference: (dict "root" $ "name" "todo-grains-silo"). */}}
{{- define "todo-grains.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag | toString }}
{{- if eq $tag "latest" }}
{{- fail "image.tag must name a version, not latest" }}
{{- end }}
{{- $registry := .root.Values.image.registry | trimSuffix "/" }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .name $tag }}
{{- else }}
{{- printf "%s:%s" .name $tag }}
{{- end }}
{{- end }}

{{- define "todo-grains.secretName" -}}
{{- required "secrets.existingSecret must name the Kubernetes Secret with the product's keys" .Values.secrets.existingSecret }}
{{- end }}

{{/* The Secret (key `token`) daprd sends to the apps as dapr-api-token: dapr.appTokenSecret, or the one the chart generates. */}}
{{- define "todo-grains.appTokenSecret" -}}
{{- default (printf "%s-app-token" (include "todo-grains.fullname" .) | trunc 63 | trimSuffix "-") .Values.dapr.appTokenSecret }}
{{- end }}

{{/* The Secret (key `password`) of the operators' account: silo.operator.secret, or the one the chart generates. */}}
{{- define "todo-grains.operatorSecret" -}}
{{- default (printf "%s-operator" (include "todo-grains.fullname" .) | trunc 63 | trimSuffix "-") .Values.silo.operator.secret }}
{{- end }}

{{- define "todo-grains.orleansTlsSecret" -}}
{{- default (printf "%s-orleans-tls" (include "todo-grains.fullname" .) | trunc 63 | trimSuffix "-") .Values.orleans.tls.secret }}
{{- end }}

{{/* The Dapr Configuration of one app's sidecars: (dict "root" $ "appId" "chat-api"). */}}
{{- define "todo-grains.daprConfigName" -}}
{{- printf "%s-%s" (include "todo-grains.fullname" .root) .appId | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Seconds from SIGTERM until a pod's app has drained: the preStop pause, then the app's own shutdown. */}}
{{- define "todo-grains.drainSeconds" -}}
{{- add .Values.shutdown.preStopSeconds .Values.shutdown.appDrainSeconds }}
{{- end }}

{{/* The grace period every pod needs: drained, then the sidecar's own grace, and a margin. */}}
{{- define "todo-grains.terminationGraceSeconds" -}}
{{- add (include "todo-grains.drainSeconds" . | int) .Values.shutdown.sidecarGraceSeconds 5 }}
{{- end }}

{{/* The app's pause before it sees SIGTERM, so endpoints stop routing to a terminating pod first. */}}
{{- define "todo-grains.preStop" -}}
lifecycle:
  preStop:
    sleep:
      seconds: {{ .Values.shutdown.preStopSeconds }}
{{- end }}

{{/* Restricted container security context: (dict "uid" 1654). */}}
{{- define "todo-grains.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Pod security context: (dict "uid" 1654). */}}
{{- define "todo-grains.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Dapr sidecar annotations: (dict "root" $ "appId" "chat-api"). */}}
{{- define "todo-grains.daprAnnotations" -}}
{{- $dapr := .root.Values.dapr -}}
dapr.io/enabled: "true"
dapr.io/app-id: {{ .appId | quote }}
dapr.io/app-port: "8080"
dapr.io/config: {{ include "todo-grains.daprConfigName" . | quote }}
# daprd holds its shutdown back until its app has drained (the outbox publishes through it meanwhile), then closes
# within its own grace.
dapr.io/block-shutdown-duration: {{ printf "%ss" (include "todo-grains.drainSeconds" .root) | quote }}
dapr.io/graceful-shutdown-seconds: {{ .root.Values.shutdown.sidecarGraceSeconds | quote }}
dapr.io/enable-api-logging: {{ $dapr.enableApiLogging | toString | quote }}
dapr.io/log-as-json: {{ $dapr.logAsJson | toString | quote }}
dapr.io/app-token-secret: {{ include "todo-grains.appTokenSecret" .root | quote }}
{{- with $dapr.sidecar.cpuRequest }}
dapr.io/sidecar-cpu-request: {{ . | quote }}
{{- end }}
{{- with $dapr.sidecar.memoryRequest }}
dapr.io/sidecar-memory-request: {{ . | quote }}
{{- end }}
{{- with $dapr.sidecar.cpuLimit }}
dapr.io/sidecar-cpu-limit: {{ . | quote }}
{{- end }}
{{- with $dapr.sidecar.memoryLimit }}
dapr.io/sidecar-memory-limit: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Environment every .NET container gets: Production, port 8080, the app token its sidecar sends. */}}
{{- define "todo-grains.dotnetEnv" -}}
- name: ASPNETCORE_ENVIRONMENT
  value: Production
- name: DOTNET_ENVIRONMENT
  value: Production
- name: ASPNETCORE_HTTP_PORTS
  value: "8080"
- name: Dapr__AppApiToken
  valueFrom:
    secretKeyRef:
      name: {{ include "todo-grains.appTokenSecret" . }}
      key: token
{{- end }}

{{/* The three probes of a .NET service on port 8080. */}}
{{/*
Where a .NET workload exports its telemetry (the silo's traces; an edge service's traces and metrics), named for
the dashboards by its Dapr app id; nothing without tracing.otlpEndpoint. Takes (dict "root" $ "service" "<app id>").
*/}}
{{- define "todo-grains.telemetryEnv" -}}
{{- with .root.Values.tracing.otlpEndpoint }}
- name: Observability__OtlpEndpoint
  value: {{ printf "%s://%s" (ternary "http" "https" $.root.Values.tracing.insecure) . | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ $.service | quote }}
# Follows the caller's decision (a sidecar's traceparent), samples this share of the rest.
- name: OTEL_TRACES_SAMPLER
  value: parentbased_traceidratio
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $.root.Values.tracing.samplingRate | quote }}
{{- end }}
{{- end }}

{{- define "todo-grains.dotnetProbes" -}}
startupProbe:
  httpGet:
    path: /health/startup
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  # The app waits for its sidecar (and the secret store) before it starts listening.
  failureThreshold: 36
# Out of the Service within about 6 s when the process stops answering (the failover test's balancer does the same).
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  periodSeconds: 3
  timeoutSeconds: 2
  failureThreshold: 2
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{- define "todo-grains.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The Strimzi Kafka resource's name: kafka.strimzi.name, or <fullname>-kafka. */}}
{{- define "todo-grains.kafkaCluster" -}}
{{- default (printf "%s-kafka" (include "todo-grains.fullname" .) | trunc 52 | trimSuffix "-") .Values.kafka.strimzi.name }}
{{- end }}

{{/* The release's KafkaUser, and the Secret the User Operator writes its password to. */}}
{{- define "todo-grains.kafkaUser" -}}
{{- include "todo-grains.fullname" . }}
{{- end }}

{{/*
  The topics the release uses, as JSON: the three of the event contract, keyed by user so partitions spread people
  while one person's events stay in order, and each subscription's dead-letter topic (TodoTopics.DeadLetters).
*/}}
{{- define "todo-grains.kafkaTopics" -}}
{{- $t := .Values.kafka.topics }}
{{- $topics := list }}
{{- range list "task-events" "reminders" "task-updates" }}
{{- $topics = append $topics (dict "name" . "partitions" $t.partitions "retentionMs" $t.retentionMs) }}
{{- end }}
{{- range list "recurring" "notify" "audit" "sync" }}
{{- $topics = append $topics (dict "name" (printf "dead-letters.%s" .) "partitions" 1 "retentionMs" $t.deadLetterRetentionMs) }}
{{- end }}
{{- toJson $topics }}
{{- end }}

{{/* The routes of the public address, as JSON [path, component]; /hubs is the WebSocket hub. */}}
{{- define "todo-grains.routes" -}}
{{- /* chat-api also answers MCP clients (/mcp and its protected-resource metadata) and calendar apps (/calendar). */}}
{{- list (list "/api" "chat-api") (list "/mcp" "chat-api") (list "/.well-known/oauth-protected-resource" "chat-api") (list "/calendar" "chat-api") (list "/hubs" "sync") (list "/" "frontend") | toJson }}
{{- end }}

{{- define "todo-grains.tlsSecret" -}}
{{- default (printf "%s-tls" (include "todo-grains.fullname" .)) .Values.tls.secretName }}
{{- end }}
