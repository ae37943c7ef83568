from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tousu.demo"
