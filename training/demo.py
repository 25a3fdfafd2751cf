"""Demo answers: an on-premises VMware, NFS and Jenkins shop, and a trainee who knows Linux well."""

CLIENT_ANSWERS = {
    "environments": ["dev", "test", "prod"],
    "os": ["linux", "windows"],
    "linux_distribution": ["rhel"],
    "net_security": "yes",
    "hypervisor": ["vmware"],
    "workstation_os": "windows",
    "devops": ["git", "jenkins", "ansible"],
    "k8s_cluster": "yes",
    "k8s_version": "1.29",
    "hosting": "on_prem",
    "local_tools": ["minikube"],
    "minikube_version": "1.34",
    "helm": "yes",
    "storage": ["nfs"],
    "app_migration": "no",
    "comments": "Équipe de 6 personnes ; mise en production prévue au printemps.",
}
TRAINEE_LEVELS = {
    "linux": 3, "windows_server": 1, "networking": 2, "network_security": 1, "git": 2, "cicd": 1,
    "config_management": 0, "infrastructure_as_code": 0, "virtualisation": 1, "containers": 2, "k8s_core": 1,
    "k8s_networking": 0, "k8s_storage": 0, "k8s_security": 0, "k8s_packaging": 0, "observability": 1,
    "cloud_migration": 0,
}  # fmt: skip
