package nl.opencordon.displays;
