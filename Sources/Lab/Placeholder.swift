import Grad
public enum LabPlaceholder {}
