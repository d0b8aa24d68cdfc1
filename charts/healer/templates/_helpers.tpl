{{/* The chart's name, overridable. */}}
{{- define "healer.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of every object: the release's name when it holds the chart's (release "healer": "healer"). */}}
{{- define "healer.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "healer.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "healer.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "healer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "healer.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "healer.labels" -}}
{{ include "healer.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "healer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "healer.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: the name of an existing ServiceAccount is needed when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "healer.controlConfigMap" -}}
{{- printf "%s-control" (include "healer.fullname" .) -}}
{{- end -}}

{{- define "healer.secretName" -}}
{{- default (printf "%s-openstack" (include "healer.fullname" .)) .Values.openstack.existingSecret -}}
{{- end -}}

{{/*
healer's config.yaml: values.config with the keys the chart owns set to what the chart deploys.
Setting one of those in values.config is an error that names the key and what to set instead.
*/}}
{{- define "healer.config" -}}
{{- $config := deepCopy .Values.config -}}
{{- $owned := dict "leader-elect" "the chart always elects a leader (replicas)" "leader-elect-lease-name" "leaderElection.leaseName" "leader-elect-lease-namespace" "the release's namespace" "pause-configmap" "the chart's <fullname>-control ConfigMap" -}}
{{- range $key, $instead := $owned -}}
{{- if hasKey $config $key -}}
{{- fail (printf "config.%s is set by the chart (%s); remove it from config" $key $instead) -}}
{{- end -}}
{{- end -}}
{{- if not (kindIs "map" (get $config "openstack")) -}}
{{- fail "config.openstack: the OpenStack block (auth-url, project-id, region...) is needed as a map" -}}
{{- end -}}
{{- $openstack := get $config "openstack" -}}
{{- range $key := list "use-clouds" "clouds-file" "cloud" "password" -}}
{{- if hasKey $openstack $key -}}
{{- fail (printf "config.openstack.%s is set by the chart (the credentials live in the Secret's clouds.yaml: openstack.auth, openstack.cloud or openstack.existingSecret); remove it from config" $key) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $openstack "use-clouds" true -}}
{{- $_ := set $openstack "clouds-file" "/etc/healer/secrets/clouds.yaml" -}}
{{- $_ := set $openstack "cloud" .Values.openstack.cloud -}}
{{- $_ := set $config "leader-elect" true -}}
{{- $_ := set $config "leader-elect-lease-name" .Values.leaderElection.leaseName -}}
{{- $_ := set $config "leader-elect-lease-namespace" .Release.Namespace -}}
{{- $_ := set $config "pause-configmap" (include "healer.controlConfigMap" .) -}}
{{- toYaml $config -}}
{{- end -}}
