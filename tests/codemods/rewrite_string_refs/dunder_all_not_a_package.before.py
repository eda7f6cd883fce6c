__all__ = ["mod"]
