"""The topic areas shared by the trainee self-assessment and the training catalogue.

One place for the keys: the self-assessment asks one level per area, and every module of the
catalogue belongs to one area, so the planner can compare the two. Pure data, no Django imports.
"""

from types import MappingProxyType

# key -> (French label, English label), in the order pages list them.
TOPIC_AREAS = MappingProxyType(
    {
        "linux": ("Administration Linux", "Linux administration"),
        "windows_server": ("Windows Server", "Windows Server"),
        "networking": ("Réseau (TCP/IP, DNS, HTTP/TLS)", "Networking (TCP/IP, DNS, HTTP/TLS)"),
        "network_security": ("Sécurité réseau", "Network security"),
        "git": ("Git et gestion de versions", "Git and version control"),
        "cicd": ("Intégration et déploiement continus (Jenkins…)", "CI/CD (Jenkins and the like)"),
        "config_management": ("Ansible et gestion de configuration", "Ansible and configuration management"),
        "infrastructure_as_code": (
            "Infrastructure as Code (Terraform)",
            "Infrastructure as code (Terraform)",
        ),
        "virtualisation": ("Virtualisation et hyperviseurs", "Virtualisation and hypervisors"),
        "containers": ("Conteneurs et images", "Containers and images"),
        "k8s_core": ("Kubernetes : architecture et objets", "Kubernetes architecture and objects"),
        "k8s_networking": ("Kubernetes : réseau", "Kubernetes networking"),
        "k8s_storage": ("Kubernetes : stockage", "Kubernetes storage"),
        "k8s_security": ("Kubernetes : sécurité", "Kubernetes security"),
        "k8s_packaging": ("Helm, Kustomize et packaging", "Helm, Kustomize and packaging"),
        "observability": ("Observabilité et dépannage", "Observability and troubleshooting"),
        "cloud_migration": ("Cloud et migration", "Cloud and migration"),
    }
)


def topic_area_label(key: str, language: str) -> str:
    french, english = TOPIC_AREAS[key]
    return french if language == "fr" else english
