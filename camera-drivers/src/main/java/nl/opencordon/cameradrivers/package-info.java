package nl.opencordon.cameradrivers;
