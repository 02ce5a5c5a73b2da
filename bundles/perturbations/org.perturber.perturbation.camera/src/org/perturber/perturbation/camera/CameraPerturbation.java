package org.perturber.perturbation.camera;

import java.util.List;

import org.perturber.core.geometry.Angles;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ScenePerturbation;
import org.perturber.core.scene.Camera;
import org.perturber.core.scene.Scene;

/**
 * Moves the camera relative to the scene's own: orbit (azimuth, elevation), distance as a factor, roll, field of
 * view and pan as offsets. At its defaults the camera is untouched.
 */
public class CameraPerturbation implements ScenePerturbation {
    public static final NumberParameter AZIMUTH = new NumberParameter("azimuth", "Azimuth", "deg", -180, 180, 0.0, 1);
    public static final NumberParameter ELEVATION = new NumberParameter("elevation", "Elevation", "deg", -90, 90,
            0.0, 1);
    public static final NumberParameter DISTANCE = new NumberParameter("distance", "Distance", "x", 0.5, 4, 1.0,
            0.01);
    public static final NumberParameter ROLL = new NumberParameter("roll", "Roll", "deg", -180, 180, 0.0, 1);
    public static final NumberParameter FIELD_OF_VIEW = new NumberParameter("fov", "Field of view", "deg", -30, 60,
            0.0, 1);
    public static final NumberParameter PAN_X = new NumberParameter("panX", "Pan right", "", -1, 1, 0.0, 0.01);
    public static final NumberParameter PAN_Y = new NumberParameter("panY", "Pan up", "", -1, 1, 0.0, 0.01);

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(AZIMUTH, ELEVATION, DISTANCE, ROLL, FIELD_OF_VIEW, PAN_X, PAN_Y);
    }

    @Override
    public Scene apply(Scene scene, ParameterValues v) {
        if (v.isDefault()) {
            return scene;
        }
        Camera c = scene.camera();
        double elevation = Math.max(-89.9, Math.min(89.9, c.elevationDegrees() + v.getDouble(ELEVATION.id())));
        double fov = Math.max(5, Math.min(170, c.fieldOfViewDegrees() + v.getDouble(FIELD_OF_VIEW.id())));
        // the turned camera's angles stay in the ranges the scene view's own orbit uses (azimuth in [0, 360), roll in
        // [-180, 180)), so that a turn of 180 from 274 reads 94 degrees, not 454
        return scene.withCamera(c.withOrbit(Angles.wrap(c.azimuthDegrees() + v.getDouble(AZIMUTH.id()), 0), elevation,
                c.distance() * v.getDouble(DISTANCE.id())).withRoll(Angles.wrap(c.rollDegrees() + v.getDouble(ROLL.id()),
                        -180))
                .withFieldOfView(fov).withPan(c.panX() + v.getDouble(PAN_X.id()), c.panY() + v.getDouble(PAN_Y.id())));
    }

}
