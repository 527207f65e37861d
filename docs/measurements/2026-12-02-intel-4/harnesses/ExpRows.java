import jdk.incubator.vector.*;
public class ExpRows {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final float EXP_MAX_INPUT=88.7f, EXP_MIN_INPUT=-87.3f, LOG2E=1.442695f, ROUND_MAGIC=12582912f, LN2_HI=0.693359375f, LN2_LO=-2.12194440e-4f;
  static final float P0=1.9875691500E-4f,P1=1.3981999507E-3f,P2=8.3334519073E-3f,P3=4.1665795894E-2f,P4=1.6666665459E-1f,P5=5.0000001201E-1f;
  static void expRow(float[] a, int off, int n, float shift){
    int whole = F.loopBound(n);
    for (int i=0;i<whole;i+=F.length()){
      FloatVector v=FloatVector.fromArray(F,a,off+i).sub(shift).min(EXP_MAX_INPUT).max(EXP_MIN_INPUT);
      FloatVector t=v.mul(LOG2E).add(ROUND_MAGIC); FloatVector kf=t.sub(ROUND_MAGIC);
      FloatVector r=v.sub(kf.mul(LN2_HI)).sub(kf.mul(LN2_LO));
      FloatVector p=r.mul(P0).add(P1); p=p.mul(r).add(P2); p=p.mul(r).add(P3); p=p.mul(r).add(P4); p=p.mul(r).add(P5);
      FloatVector e=p.mul(r).mul(r).add(r).add(1f);
      e.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL,23)).reinterpretAsFloats().intoArray(a,off+i);
    }
  }
  static void expRows(float[] a, int rows, int n, float[] shifts){
    for(int r=0;r<rows;r++) expRow(a, r*n, n, shifts[r]);
  }
  static double time(Runnable r){ for(int i=0;i<20;i++) r.run(); double[] g=new double[21]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  public static void main(String[] x){
    int S=128, B=128;
    float[] blk=new float[S*S], src=new float[S*S], row=new float[S], sh=new float[S];
    java.util.Random rnd=new java.util.Random(1); for(int i=0;i<src.length;i++) src[i]=(float)rnd.nextGaussian();
    for(int rep=0;rep<3;rep++){
      double a=time(()->{ for(int b=0;b<B;b++){ for(int r=0;r<S;r++){ System.arraycopy(src,r*S,row,0,S); expRow(row,0,S,1f);} } });
      double c=time(()->{ for(int b=0;b<B;b++){ System.arraycopy(src,0,blk,0,S*S); java.util.Arrays.fill(sh,1f); expRows(blk,S,S,sh);} });
      System.out.printf("per row call %.2f ns/el, block call %.2f ns/el%n", a*1e6/(B*S*S), c*1e6/(B*S*S));
    }
  }
}
